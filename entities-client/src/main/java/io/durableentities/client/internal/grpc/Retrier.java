package io.durableentities.client.internal.grpc;

import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.core.DurableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a call, retrying it on UNAVAILABLE and DEADLINE_EXCEEDED according to a retry policy. */
public final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final ClientRetryPolicy policy;

  /**
   * Creates a retrier.
   *
   * @param policy the attempts and delays
   */
  public Retrier(ClientRetryPolicy policy) {
    this.policy = policy;
  }

  /**
   * Tells whether a status is worth retrying.
   *
   * @param status the status
   * @return whether it is UNAVAILABLE or DEADLINE_EXCEEDED
   */
  public static boolean isRetriable(Status status) {
    return status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
  }

  /**
   * Runs a call.
   *
   * @param description what the call does, for messages, such as {@code "signal entity @a@b,
   *     operation 'add'"}
   * @param call the call; runs once per attempt
   * @param <T> the result type
   * @return the call's result
   * @throws DurableException naming the description and the gRPC status when the call failed with a
   *     status that is not retriable or the attempts ran out
   */
  public <T> T call(String description, Supplier<T> call) {
    Backoff backoff = new Backoff(policy.initialDelay(), policy.maxDelay());
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        if (!isRetriable(status) || attempt >= policy.maxAttempts()) {
          throw new DurableException(
              "Could not "
                  + description
                  + ": "
                  + describe(status)
                  + (isRetriable(status) ? " (after " + attempt + " attempts)" : ""),
              e);
        }
        Duration delay = backoff.next();
        LOG.debug(
            "Attempt {} to {} failed with {}; retrying in {} ms",
            attempt,
            description,
            status.getCode(),
            delay.toMillis());
        try {
          Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new DurableException("Interrupted while retrying to " + description, interrupted);
        }
      }
    }
  }

  /**
   * Describes a status: its code and description.
   *
   * @param status the status
   * @return such as {@code UNAVAILABLE: io exception}
   */
  public static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + status.getDescription();
  }
}
