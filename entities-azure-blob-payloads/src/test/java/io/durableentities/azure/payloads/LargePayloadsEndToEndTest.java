package io.durableentities.azure.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.PayloadTooLargeException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Large payloads through the embedded scheduler with an {@link AzureBlobPayloadStore} on Azurite:
 * the worker and client store what is at least the threshold and pass references, which the
 * scheduler keeps as they are.
 */
class LargePayloadsEndToEndTest {

  @RegisterExtension static final Azurite AZURITE = new Azurite();

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int MB = 1024 * 1024;

  private EmbeddedScheduler scheduler;
  private PayloadStore store;
  private CountingStore workerStore;
  private DurableWorker worker;
  private DurableClient client;
  private DurableClient storeless;

  @BeforeEach
  void setUp() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    store = AzureBlobPayloadStore.newBuilder().connectionString(AZURITE.connectionString()).build();
    workerStore = new CountingStore(store);
    worker = startWorker(workerStore);
    client =
        DurableClient.newBuilder(scheduler.connectionString())
            .payloadStore(store)
            .callTimeout(Duration.ofSeconds(60))
            .build();
    storeless = DurableClient.connect(scheduler.connectionString());
  }

  @AfterEach
  void tearDown() {
    for (AutoCloseable closeable : new AutoCloseable[] {storeless, client, worker, scheduler}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private DurableWorker startWorker(PayloadStore payloads) {
    DurableWorker.Builder builder =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(BigEntity.class)
            .extension(
                OrchestrationWorker.of(
                    Orchestrations.newBuilder()
                        .orchestration(
                            "Echo",
                            ctx -> {
                              String input = ctx.input(String.class);
                              String event = ctx.waitForExternalEvent("more", String.class).await();
                              return ctx.callActivity("Twice", input + event, String.class).await();
                            })
                        .activity("Twice", ctx -> ctx.input(String.class).repeat(2))
                        .build()))
            .shutdownTimeout(Duration.ofSeconds(10));
    if (payloads != null) {
      builder.payloadStore(payloads);
    }
    return builder.start();
  }

  @Test
  void docsExample_workerAndClientShareOneStore() {
    String connection = scheduler.connectionString();
    String storageConnectionString = AZURITE.connectionString();
    // docs:start payload-store
    PayloadStore store =
        AzureBlobPayloadStore.newBuilder()
            .connectionString(storageConnectionString) // or .endpoint(url).credential(credential)
            .build(); // container "durabletask-payloads", threshold 900,000 bytes, gzip
    try (DurableWorker worker =
            DurableWorker.newBuilder(connection)
                .entity(BigEntity.class)
                .payloadStore(store)
                .start();
        DurableClient client = DurableClient.newBuilder(connection).payloadStore(store).build()) {
      EntityInstanceId id = EntityInstanceId.of("big", "docs");
      client.entities().signal(Big.class, id).append("x".repeat(2_000_000)); // sent as a reference
    }
    // docs:end payload-store
    EntityInstanceId id = EntityInstanceId.of("big", "docs");
    await()
        .atMost(WAIT)
        .until(() -> client.entities().call(Big.class, id, WAIT).length(), n -> n == 2_000_000);
  }

  @Test
  void entityState_of50MB_roundTripsThroughTheScheduler_andIsStoredAgainOnlyWhenItChanges() {
    EntityInstanceId id = EntityInstanceId.of("big", "fifty");
    String chunk = chunk(10 * MB);

    for (int i = 0; i < 5; i++) {
      client.entities().signal(Big.class, id).append(chunk);
    }

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> client.entities().call(Big.class, id, WAIT).length(), n -> n == 50 * MB);
    String[] state = client.entities().get(id, String[].class).orElseThrow().state();
    assertThat(state).hasSize(5).containsOnly(chunk);

    // each changing batch stored the state; read-only batches keep its reference instead
    int uploads = workerStore.uploads();
    assertThat(uploads).isPositive();
    assertThat(client.entities().call(Big.class, id, WAIT).length()).isEqualTo(50 * MB);
    assertThat(client.entities().call(Big.class, id, WAIT).length()).isEqualTo(50 * MB);
    assertThat(workerStore.uploads()).isEqualTo(uploads);
  }

  @Test
  void payloadAboveTheLimit_failsNamingWhereAndHow_andLosesNothing() throws Exception {
    PayloadStore limited =
        AzureBlobPayloadStore.newBuilder()
            .connectionString(AZURITE.connectionString())
            .maxPayloadBytes(3 * MB)
            .build();
    worker.close();
    worker = startWorker(limited);
    EntityInstanceId id = EntityInstanceId.of("big", "limit");
    client.entities().call(Big.class, id, WAIT).append(chunk(2 * MB));

    // the worker refuses a 4 MB state: the operation fails, the 2 MB state stays
    assertThatThrownBy(() -> client.entities().call(Big.class, id, WAIT).append(chunk(2 * MB)))
        .hasMessageContaining("The entity @big@limit")
        .hasMessageContaining("'entityState' of")
        .hasMessageContaining("limit of " + 3 * MB + " bytes")
        .hasMessageContaining("maxPayloadBytes(");
    assertThat(client.entities().call(Big.class, id, WAIT).length()).isEqualTo(2 * MB);

    // an activity result above the limit fails the orchestration instead of hanging it
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    String instance = orchestrations.scheduleNew("Echo", chunk(MB));
    orchestrations.raiseEvent(instance, "more", chunk(MB));
    OrchestrationMetadata failed = orchestrations.waitForCompletion(instance, WAIT);
    assertThat(failed.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.failureDetails().errorMessage())
        .contains("'" + instance + "'")
        .contains("'result' of " + (4 * MB + 2) + " bytes");

    // a client refuses to send a payload above its store's limit
    try (DurableClient limitedClient =
        DurableClient.newBuilder(scheduler.connectionString()).payloadStore(limited).build()) {
      assertThatThrownBy(
              () ->
                  limitedClient
                      .entities()
                      .signal(Big.class, EntityInstanceId.of("big", "refused"))
                      .append(chunk(4 * MB)))
          .isInstanceOf(PayloadTooLargeException.class)
          .hasMessageContaining("@big@refused")
          .hasMessageContaining("'input' of");
    }
  }

  @Test
  void orchestration_largeInputEventAndOutput_travelAsReferences() throws Exception {
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    String input = chunk(2 * MB);
    String event = chunk(MB + 7);

    String instance = orchestrations.scheduleNew("Echo", input);
    orchestrations.waitForStart(instance, WAIT);
    orchestrations.raiseEvent(instance, "more", event);
    OrchestrationMetadata done = orchestrations.waitForCompletion(instance, WAIT);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class)).isEqualTo((input + event).repeat(2));
    assertThat(orchestrations.get(instance, true).orElseThrow().readInputAs(String.class))
        .isEqualTo(input);
    assertThatThrownBy(() -> OrchestrationClient.of(storeless).get(instance, true))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining("'" + instance + "'");
  }

  @Test
  void smallPayloads_stayInline() throws Exception {
    BlobContainerClient container = container();
    long before = blobCount(container);
    EntityInstanceId id = EntityInstanceId.of("big", "small");
    OrchestrationClient orchestrations = OrchestrationClient.of(client);

    client.entities().signal(Big.class, id).append(chunk(1000));
    String instance = orchestrations.scheduleNew("Echo", "in");
    orchestrations.raiseEvent(instance, "more", "put");
    orchestrations.waitForCompletion(instance, WAIT);

    await()
        .atMost(WAIT)
        .until(
            () ->
                storeless
                    .entities()
                    .get(id, String[].class)
                    .map(EntityMetadata::state)
                    .isPresent());
    assertThat(storeless.entities().get(id, String[].class).orElseThrow().state()[0]).hasSize(1000);
    assertThat(
            OrchestrationClient.of(storeless)
                .get(instance, true)
                .orElseThrow()
                .readOutputAs(String.class))
        .isEqualTo("input".repeat(2));
    assertThat(blobCount(container)).isEqualTo(before);
  }

  @Test
  void reference_withoutStore_failsWithTheEntityAndTheFix() {
    EntityInstanceId id = EntityInstanceId.of("big", "orphan");
    client.entities().signal(Big.class, id).append(chunk(2 * MB));
    await()
        .atMost(WAIT)
        .until(
            () -> client.entities().get(id, String[].class).map(EntityMetadata::state).isPresent());

    // a client without a store reads the entity
    assertThatThrownBy(() -> storeless.entities().get(id, String[].class))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining("@big@orphan")
        .hasMessageContaining("DurableClient.Builder.payloadStore(");

    // a worker without a store runs it: the operation fails, the state stays
    worker.close();
    worker = startWorker(null);
    assertThatThrownBy(() -> client.entities().call(Big.class, id, WAIT).length())
        .hasMessageContaining("@big@orphan")
        .hasMessageContaining("DurableWorker.Builder.payloadStore(");
    worker.close();
    worker = startWorker(store);
    assertThat(client.entities().call(Big.class, id, WAIT).length()).isEqualTo(2 * MB);
  }

  @Test
  void unreachableStore_namesTheAccountAndContainer() {
    PayloadStore unreachable =
        AzureBlobPayloadStore.newBuilder()
            .connectionString(Azurite.unreachableConnectionString())
            .containerName("unreachable-payloads")
            .maxTries(1)
            .build();

    try (DurableClient down =
        DurableClient.newBuilder(scheduler.connectionString()).payloadStore(unreachable).build()) {
      assertThatThrownBy(
              () ->
                  down.entities()
                      .signal(Big.class, EntityInstanceId.of("big", "never"))
                      .append(chunk(MB)))
          .isInstanceOf(PayloadStoreException.class)
          .hasMessageContaining("devstoreaccount1")
          .hasMessageContaining("'unreachable-payloads'");
    }
    Optional<EntityMetadata<Void>> never =
        client.entities().get(EntityInstanceId.of("big", "never"));
    assertThat(never).isEmpty();
  }

  private static BlobContainerClient container() {
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .connectionString(AZURITE.connectionString())
            .buildClient()
            .getBlobContainerClient(AzureBlobPayloadStore.DEFAULT_CONTAINER);
    container.createIfNotExists();
    return container;
  }

  private static long blobCount(BlobContainerClient container) {
    return container.listBlobs().stream().count();
  }

  /** A string of about {@code length} characters that does not compress to nothing. */
  private static String chunk(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; text.length() < length; i++) {
      text.append(Integer.toString(i * 7919, 36)).append(' ');
    }
    text.setLength(length);
    return text.toString();
  }
}
