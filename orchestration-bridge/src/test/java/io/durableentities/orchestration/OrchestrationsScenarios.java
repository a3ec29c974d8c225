package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClientHandle;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.orchestration.internal.CallEntityOrchestration;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Orchestrations, activities and entities on a real back end: chaining, timers, events, entity
 * calls, locked transfers, typed client calls, terminate/query/purge, suspend/resume and scheduled
 * starts. Run by {@link OrchestrationsEndToEndTest} and {@link OrchestrationsOnDtsEmulatorTest}.
 */
abstract class OrchestrationsScenarios extends EndToEndFixture {

  private static final Orchestration CHAIN =
      ctx -> {
        String upper = ctx.callActivity("Upper", ctx.input(String.class), String.class).await();
        return ctx.callActivity("Exclaim", upper, String.class).await();
      };

  private static final Orchestration SLEEPY =
      ctx -> {
        Instant before = ctx.currentUtcDateTime();
        ctx.createTimer(Duration.ofMillis(ctx.input(Long.class))).await();
        return Duration.between(before, ctx.currentUtcDateTime()).toMillis();
      };

  private static final Orchestration APPROVAL =
      ctx -> {
        ctx.setCustomStatus("waiting");
        String approver = ctx.waitForExternalEvent("approve", String.class).await();
        return "approved by " + approver;
      };

  private static final Orchestration COUNT =
      ctx -> {
        EntityInstanceId id = EntityInstanceId.of("counter", ctx.input(String.class));
        ctx.entities().call(id, "add", 5, Void.class);
        ctx.entities().signal(id, "add", 1);
        ctx.entities().proxy(Counter.class, id).add(10);
        return ctx.entities().call(id, "get", null, Long.class);
      };

  private static final Orchestration WAIT_FOREVER =
      ctx -> ctx.waitForExternalEvent("never", String.class).await();

  OrchestrationsScenarios(SchedulerBackend backend) {
    super(backend);
  }

  @Override
  void entities(DurableWorker.Builder worker) {
    worker.entity(CounterEntity.class).entity(AccountEntity.class);
  }

  @Override
  void orchestrations(Orchestrations.Builder registry) {
    registry
        .orchestration("Chain", CHAIN)
        .orchestration("Sleepy", SLEEPY)
        .orchestration("Approval", APPROVAL)
        .orchestration("Count", COUNT)
        .orchestration("Transfer", new Transfer())
        .orchestration("WaitForever", WAIT_FOREVER)
        .activity("Upper", ctx -> ctx.input(String.class).toUpperCase(Locale.ROOT))
        .activity("Exclaim", ctx -> ctx.input(String.class) + "!");
  }

  @Test
  void chaining_runsActivitiesInOrder() throws Exception {
    String id = client.scheduleNew("Chain", "hello", "chain-1");

    OrchestrationMetadata done = completed(id);

    assertThat(id).isEqualTo("chain-1");
    assertThat(done.readOutputAs(String.class)).isEqualTo("HELLO!");
    assertThat(done.readInputAs(String.class)).isEqualTo("hello");
    assertThat(done.name()).isEqualTo("Chain");
  }

  @Test
  void durableTimer_firesNoEarlierThanItsDelay() throws Exception {
    String id = client.scheduleNew("Sleepy", 300L);

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(Long.class)).isGreaterThanOrEqualTo(300L);
  }

  @Test
  void externalEvent_resumesTheWaitingOrchestration() throws Exception {
    String id = client.scheduleNew("Approval", null);
    client.waitForStart(id, WAIT);
    EVENTUALLY
        .alias("the custom status is set")
        .until(
            () -> client.get(id).orElseThrow(),
            m -> "waiting".equals(m.readCustomStatusAs(String.class)));

    client.raiseEvent(id, "approve", "ada");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("approved by ada");
  }

  @Test
  void orchestration_callsACounterEntityAndReturnsItsResult() throws Exception {
    String id = client.scheduleNew("Count", "c1");

    assertThat(completed(id).readOutputAs(Long.class)).isEqualTo(16L);
  }

  @Test
  void lockedTransfer_movesMoneyBetweenTwoAccounts() throws Exception {
    Account a = durable.entities().call(Account.class, EntityInstanceId.of("account", "a"), WAIT);
    a.deposit(100); // a call: returns once the deposit ran
    assertThat(a.balance()).isEqualTo(100L);

    String id = client.scheduleNew("Transfer", new Transfer.Request("a", "b", 30));

    assertThat(completed(id).readOutputAs(Transfer.Balances.class))
        .isEqualTo(new Transfer.Balances(70, 30));
    assertThat(durable.entities().get(EntityInstanceId.of("account", "a")).orElseThrow().isLocked())
        .isFalse();
  }

  @Test
  void overdrawingTransfer_failsTheOrchestrationAndReleasesTheLocks() throws Exception {
    String id = client.scheduleNew("Transfer", new Transfer.Request("empty", "b2", 30));

    OrchestrationMetadata done = client.waitForCompletion(id, WAIT);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorMessage()).contains("balance 0 < 30");
    Account empty = durable.entities().call(Account.class, EntityInstanceId.of("account", "empty"));
    assertThat(empty.balance()).isZero();
  }

  @Test
  void typedClientCall_returnsTheEntityResultThroughTheBuiltInOrchestration() {
    EntityInstanceId id = EntityInstanceId.of("counter", "typed");
    Counter counter = durable.entities().call(Counter.class, id, WAIT);

    counter.add(7); // a call, though void: it returns once the operation ran
    long seen = counter.get();

    assertThat(seen).isEqualTo(7L);
    EVENTUALLY
        .alias("the calls' orchestration instances are purged")
        .until(
            () -> client.query(OrchestrationQuery.all()).toList(),
            instances ->
                instances.stream().noneMatch(i -> i.name().equals(CallEntityOrchestration.NAME)));
  }

  @Test
  void voidClientCall_onAnEmptyAccount_throwsTheEntitysFailure() {
    Account wallet =
        durable.entities().call(Account.class, EntityInstanceId.of("account", "wallet"), WAIT);

    assertThatThrownBy(() -> wallet.withdraw(500))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("balance 0 < 500");
  }

  @Test
  void asyncClientCalls_completeWithTheResultOrTheFailure() {
    EntityInstanceId id = EntityInstanceId.of("account", "async");
    EntityClientHandle<Account> account = durable.entities().handle(Account.class, id, WAIT);

    account.runAsync(a -> a.deposit(40)).join();
    CompletableFuture<Long> balance = account.callAsync(Account::balance);
    CompletableFuture<Void> overdraw = account.runAsync(a -> a.withdraw(41));

    assertThat(balance.join()).isEqualTo(40L);
    assertThatThrownBy(overdraw::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(EntityOperationFailedException.class);
    assertThat(durable.entities().callAsync(id, "balance", null, Long.class).join()).isEqualTo(40L);
  }

  @Test
  void failingClientCall_throwsTheEntitysFailure() {
    EntityInstanceId id = EntityInstanceId.of("account", "poor");

    assertThatThrownBy(() -> durable.entities().call(id, "withdraw", 5, Void.class, WAIT))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("balance 0 < 5")
        .satisfies(
            e ->
                assertThat(((EntityOperationFailedException) e).failureDetails().errorType())
                    .isEqualTo(IllegalStateException.class.getName()));
  }

  @Test
  void terminateQueryAndPurge_manageInstances() throws Exception {
    String id = client.scheduleNew("WaitForever", null, "forever-1");
    client.waitForStart(id, WAIT);
    assertThatThrownBy(() -> client.waitForCompletion(id, Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class);

    client.terminate(id, "stopped");
    OrchestrationMetadata done = client.waitForCompletion(id, WAIT);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(
            client.query(
                OrchestrationQuery.newBuilder()
                    .statuses(OrchestrationRuntimeStatus.TERMINATED)
                    .instanceIdPrefix("forever-")
                    .build()))
        .extracting(OrchestrationMetadata::instanceId)
        .containsExactly("forever-1");
    assertThat(client.purge(id)).isTrue();
    assertThat(client.get(id)).isEmpty();
  }

  @Test
  void suspendedInstance_runsAgainOnlyAfterResume() throws Exception {
    String id = client.scheduleNew("Approval", null);
    client.waitForStart(id, WAIT);

    client.suspend(id, "maintenance");
    EVENTUALLY
        .alias("the instance is suspended")
        .until(
            () -> client.get(id, false).orElseThrow().status(),
            status -> status == OrchestrationRuntimeStatus.SUSPENDED);
    client.raiseEvent(id, "approve", "bob");
    assertThatThrownBy(() -> client.waitForCompletion(id, Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class);
    client.resume(id, "done");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("approved by bob");
  }

  @Test
  void scheduledStart_staysPendingUntilItsTime() throws Exception {
    Instant at = Instant.now().plusMillis(500);
    String id = client.scheduleNew("Chain", "later", null, at);

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("LATER!");
    assertThat(Instant.now()).isAfterOrEqualTo(at);
  }
}
