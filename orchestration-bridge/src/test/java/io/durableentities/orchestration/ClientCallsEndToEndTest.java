package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.DurableException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Client calls and client errors on the embedded scheduler, with a worker that registers entities
 * only: the worker carries the calls by itself, calls wait for {@code void} operations and throw
 * their failures, names that nothing serves make calls and waits time out with messages saying so,
 * and errors name only options the client has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCallsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SHORT = Duration.ofSeconds(2);

  private EmbeddedScheduler scheduler;
  private DurableWorker worker;
  private DurableClient client;

  @BeforeAll
  void start() throws InterruptedException {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString()).entity(AccountEntity.class).start();
    assertThat(worker.awaitConnected(WAIT)).isTrue();
    client = DurableClient.connect(scheduler.connectionString());
  }

  @AfterAll
  void stop() {
    client.close();
    worker.close();
    scheduler.close();
  }

  @Test
  void workerWithEntitiesOnly_carriesClientCalls_voidIncluded() {
    Account account = client.entities().call(Account.class, "calls-1");

    account.deposit(5); // returns once the deposit ran
    account.deposit(7);

    assertThat(account.balance()).isEqualTo(12L);
  }

  @Test
  void voidCall_onAnEmptyWallet_throwsTheEntitysFailure_andChangesNothing() {
    Account wallet = client.entities().call(Account.class, "empty-wallet");

    assertThatThrownBy(() -> wallet.withdraw(500))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("balance 0 < 500");
    assertThat(wallet.balance()).isZero();
  }

  @Test
  void call_toAnEntityNameNoWorkerHosts_timesOut_namingTheEntityAndTheLikelyCause() {
    EntityInstanceId nobody = EntityInstanceId.of("ledger", "l1");

    assertThatThrownBy(() -> client.entities().call(nobody, "total", null, Long.class, SHORT))
        .isInstanceOf(EntityException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("Could not call operation 'total' on entity @ledger@l1")
        .hasMessageContaining("is RUNNING), but entity @ledger@l1 did not answer")
        .hasMessageContaining(
            "no worker connected to task hub 'default' hosts entity name 'ledger'");
  }

  @Test
  void waitFor_anOrchestrationNoWorkerRegistered_timesOut_sayingItIsStillPending() {
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    String id = orchestrations.scheduleNew("Checkout", null);

    assertThatThrownBy(() -> orchestrations.waitForCompletion(id, SHORT))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("still PENDING, so no worker has started it")
        .hasMessageContaining("registered orchestration 'Checkout'");
    orchestrations.terminate(id, null);
  }

  @Test
  void scheduleNew_underTheIdOfAnActiveInstance_namesOnlyOptionsThisClientHas() {
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    orchestrations.scheduleNew("Checkout", null, "order-1");

    assertThatThrownBy(() -> orchestrations.scheduleNew("Checkout", null, "order-1"))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining("Could not start orchestration 'Checkout' as instance 'order-1'")
        .hasMessageContaining("already exists and is PENDING")
        .hasMessageContaining("Choose another instance id")
        .hasMessageContaining("terminate")
        .hasMessageNotContaining("orchestrationIdReusePolicy");
    orchestrations.terminate("order-1", null);
  }
}
