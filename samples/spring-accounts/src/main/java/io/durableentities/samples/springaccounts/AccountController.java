package io.durableentities.samples.springaccounts;

import io.durableentities.client.EntityClient;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API: deposit into an account, start a locked transfer, follow it, read a balance. The
 * clients are the beans the Durable Entities starter makes.
 */
// docs:start controller
@RestController
public class AccountController {

  private final EntityClient entities;
  private final OrchestrationClient orchestrations;

  public AccountController(EntityClient entities, OrchestrationClient orchestrations) {
    this.entities = entities;
    this.orchestrations = orchestrations;
  }

  /** Starts a transfer; 202 with the instance to follow at {@code GET /transfers/{id}}. */
  @PostMapping("/transfers")
  public ResponseEntity<TransferStarted> transfer(@RequestBody TransferRequest request) {
    String id = orchestrations.scheduleNew(Transfer.class, request);
    return ResponseEntity.accepted()
        .location(URI.create("/transfers/" + id))
        .body(new TransferStarted(id));
  }

  /**
   * Reads a balance, as the entity's stored state; 404 for an account that has none yet (never
   * used, or its first deposit still queued: the entity exists then, without a state).
   */
  @GetMapping("/accounts/{key}")
  public ResponseEntity<Balance> balance(@PathVariable String key) {
    return entities
        .get(EntityInstanceId.of(Account.class, key), Long.class)
        .filter(account -> account.state() != null)
        .map(account -> ResponseEntity.ok(new Balance(key, account.state())))
        .orElse(ResponseEntity.notFound().build());
  }

  // docs:end controller

  /** Deposits into an account with a signal; 202, the deposit runs when the entity gets to it. */
  @PostMapping("/accounts/{key}/deposits")
  public ResponseEntity<Void> deposit(@PathVariable String key, @RequestBody Deposit deposit) {
    entities.signal(Account.class, key).deposit(deposit.cents());
    return ResponseEntity.accepted().build();
  }

  /** Tells how a transfer stands; its outcome once it completed. */
  @GetMapping("/transfers/{id}")
  public ResponseEntity<TransferStatus> transferStatus(@PathVariable String id) {
    return orchestrations
        .get(id)
        .map(AccountController::status)
        .map(ResponseEntity::ok)
        .orElse(ResponseEntity.notFound().build());
  }

  private static TransferStatus status(OrchestrationMetadata instance) {
    TransferOutcome outcome =
        instance.serializedOutput() == null ? null : instance.readOutputAs(TransferOutcome.class);
    return new TransferStatus(instance.instanceId(), instance.status().name(), outcome);
  }

  /**
   * The body of a deposit.
   *
   * @param cents the amount
   */
  public record Deposit(long cents) {}

  /**
   * A started transfer.
   *
   * @param id its orchestration instance id
   */
  public record TransferStarted(String id) {}

  /**
   * How a transfer stands.
   *
   * @param id its orchestration instance id
   * @param status the orchestration's status, such as {@code RUNNING} or {@code COMPLETED}
   * @param outcome the outcome once completed, else null
   */
  public record TransferStatus(String id, String status, TransferOutcome outcome) {}

  /**
   * A balance.
   *
   * @param account the account key
   * @param cents the balance in cents
   */
  public record Balance(String account, long cents) {}
}
