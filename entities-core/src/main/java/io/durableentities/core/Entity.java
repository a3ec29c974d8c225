package io.durableentities.core;

/**
 * The low-level form of an entity: one method that receives every operation.
 *
 * <p>Most entities extend {@link TaskEntity} instead, which dispatches operations to methods. Use
 * this form for full control, for example to route operation names dynamically.
 *
 * <pre>{@code
 * Entity counter = operation -> {
 *   long value = operation.state().exists() ? operation.state().get(Long.class) : 0L;
 *   switch (operation.name()) {
 *     case "add" -> operation.state().set(value + operation.input(Long.class));
 *     case "get" -> { return value; }
 *     default -> throw new IllegalArgumentException("unknown operation " + operation.name());
 *   }
 *   return null;
 * };
 * }</pre>
 *
 * <p>The runtime creates one entity object per batch of operations; each operation is a
 * transaction: if {@code run} throws, the state changes and actions of that operation are rolled
 * back and the failure is reported to the caller.
 */
@FunctionalInterface
public interface Entity {

  /**
   * Runs one operation.
   *
   * @param operation the operation, with its input, context and state
   * @return the operation result (serialized by the runtime), or null for none
   * @throws Exception to fail the operation; its state changes and actions are rolled back
   */
  Object run(EntityOperation operation) throws Exception;
}
