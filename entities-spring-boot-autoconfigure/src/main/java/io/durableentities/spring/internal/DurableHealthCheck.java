package io.durableentities.spring.internal;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.DurableException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the health indicators of Spring Boot 3 and 4 report: whether the scheduler answers (one
 * {@code Hello} through the client) and, when the application runs a worker, whether its work-item
 * stream is connected. Up only when both hold.
 */
public final class DurableHealthCheck {

  /**
   * The outcome of a check.
   *
   * @param up whether the scheduler answered and the worker (if any) is connected
   * @param details what was checked, for the health endpoint
   */
  public record Result(boolean up, Map<String, Object> details) {}

  private final DurableClient client;
  private final Optional<DurableWorkerLifecycle> worker;
  private final Duration timeout;

  /**
   * Creates a check.
   *
   * @param client the client whose scheduler is pinged
   * @param worker the worker's lifecycle, or null when the application runs no worker
   * @param timeout the ping's deadline
   */
  public DurableHealthCheck(DurableClient client, DurableWorkerLifecycle worker, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.worker = Optional.ofNullable(worker);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Checks now.
   *
   * @return the result
   */
  public Result check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("endpoint", client.connection().endpoint().toString());
    details.put("taskHub", client.connection().taskHub());
    boolean up = true;
    try {
      client.ping(timeout);
      details.put("scheduler", "reachable");
    } catch (DurableException | IllegalStateException e) {
      details.put("scheduler", "unreachable: " + e.getMessage());
      up = false;
    }
    if (worker.isPresent()) {
      Optional<DurableWorker> running = worker.get().worker();
      String state;
      if (running.isEmpty()) {
        state = "not running";
      } else if (running.get().isConnected()) {
        state = "connected";
      } else {
        state = "connecting";
      }
      details.put("worker", state);
      up &= state.equals("connected");
    }
    return new Result(up, details);
  }
}
