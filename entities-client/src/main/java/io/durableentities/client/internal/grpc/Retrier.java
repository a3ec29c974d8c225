package io.durableentities.client.internal.grpc;

import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.core.DurableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call, retrying it on UNAVAILABLE and DEADLINE_EXCEEDED according to a retry policy. A call
 * that {@link PayloadInterceptor} cancelled because a payload could not be read fails with that
 * {@link PayloadStoreException}.
 */
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
        if (e.getCause() instanceof PayloadStoreException payload) {
          throw payload;
        }
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
   * Runs a call without blocking, retrying it like {@link #call}: after a retriable failure the
   * next attempt starts after the backoff delay, on a timer thread of {@link
   * CompletableFuture#delayedExecutor}.
   *
   * @param description what the call does, for messages
   * @param attempt starts one attempt; its future fails with {@link StatusRuntimeException} when
   *     the call failed
   * @param <T> the result type
   * @return completes with the call's result, or exceptionally with {@link DurableException} naming
   *     the description and the gRPC status
   */
  public <T> CompletableFuture<T> callAsync(
      String description, Supplier<CompletableFuture<T>> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attemptAsync(
        description, attempt, 1, new Backoff(policy.initialDelay(), policy.maxDelay()), result);
    return result;
  }

  private <T> void attemptAsync(
      String description,
      Supplier<CompletableFuture<T>> attempt,
      int number,
      Backoff backoff,
      CompletableFuture<T> result) {
    attempt
        .get()
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                result.complete(value);
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (!(cause instanceof StatusRuntimeException e)) {
                result.completeExceptionally(cause);
                return;
              }
              if (e.getCause() instanceof PayloadStoreException payload) {
                result.completeExceptionally(payload);
                return;
              }
              Status status = e.getStatus();
              if (!isRetriable(status) || number >= policy.maxAttempts()) {
                result.completeExceptionally(
                    new DurableException(
                        "Could not "
                            + description
                            + ": "
                            + describe(status)
                            + (isRetriable(status) ? " (after " + number + " attempts)" : ""),
                        e));
                return;
              }
              Duration delay = backoff.next();
              LOG.debug(
                  "Attempt {} to {} failed with {}; retrying in {} ms",
                  number,
                  description,
                  status.getCode(),
                  delay.toMillis());
              CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
                  .execute(() -> attemptAsync(description, attempt, number + 1, backoff, result));
            });
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
