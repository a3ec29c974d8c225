package io.durableentities.testing.orchestration;

/**
 * A test double's answer to one call: an activity, or a sub-orchestration, given its input.
 * Returning a value answers the call; throwing fails it, as a real activity or sub-orchestration
 * that throws would.
 *
 * <pre>{@code
 * tester.activity("Quote", Order.class, order -> 42L);
 * tester.activity("Charge", Order.class, order -> { throw new CardDeclinedException(order.id()); });
 * }</pre>
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface Answer<I> {

  /**
   * Answers a call.
   *
   * @param input the call's input, deserialized; null when it had none
   * @return the result, serialized with the tester's data converter; may be null
   * @throws Exception to fail the call; the orchestration sees a {@code TaskFailedException} whose
   *     failure details name this exception
   */
  Object answer(I input) throws Exception;
}
