package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.Orch.state;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP API over a scheduler driven by raw gRPC calls and a test worker. */
class DashboardApiTest {

  private final SchedulerHarness h = new SchedulerHarness(b -> b.dashboardPort(0));
  private final DashboardHttp http = new DashboardHttp(h.scheduler.dashboardPort().orElseThrow());
  private final TestWorker worker = h.worker();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  /** Starts an instance and completes its first work item without actions: it is running. */
  private WorkItem running(String id, String name, String input) throws Exception {
    h.client.startInstance(start(id, name, input).build());
    WorkItem item = worker.nextOrchestration();
    worker.completeOrchestrator(response(item).build());
    await(id + " running")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> state(h.client, id).getOrchestrationStatus(),
            status -> status == ORCHESTRATION_STATUS_RUNNING);
    return item;
  }

  @Test
  void pagesAndSession_areServed_withSecurityHeaders() throws Exception {
    DashboardHttp.Answer page = http.get("/");
    DashboardHttp.Answer script = http.get("/assets/app.js");
    DashboardHttp.Answer session = http.get("/api/session");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().body()).contains("<script src=\"/assets/app.js\"");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'")
        .contains("script-src 'self'");
    assertThat(page.raw().headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.raw().headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(session.body().get("token").asText()).hasSizeGreaterThan(30);
    assertThat(session.body().get("grpcPort").asInt()).isEqualTo(h.scheduler.port());
    assertThat(session.body().get("hubs").get(0).asText()).isEqualTo("default");
    assertThat(http.get("/nope").status()).isEqualTo(404);
  }

  @Test
  void crossOriginPost_isRefused_andChangesNothing() throws Exception {
    running("victim", "O", null);

    DashboardHttp.Answer r =
        http.post(
            "terminate",
            Map.of("instanceId", "victim"),
            Map.of("Origin", "http://evil.example", "X-Dashboard-Token", http.token()));
    DashboardHttp.Answer otherPort =
        http.post(
            "terminate",
            Map.of("instanceId", "victim"),
            Map.of("Origin", "http://localhost:1", "X-Dashboard-Token", http.token()));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().get("error").asText()).contains("own pages").contains("evil.example");
    assertThat(otherPort.status()).isEqualTo(403);
    assertThat(state(h.client, "victim").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
  }

  @Test
  void postWithoutToken_orWithAWrongOne_isRefused() throws Exception {
    running("victim", "O", null);

    DashboardHttp.Answer none =
        http.post("terminate", Map.of("instanceId", "victim"), Map.of("Origin", http.origin));
    DashboardHttp.Answer wrong =
        http.post(
            "terminate",
            Map.of("instanceId", "victim"),
            Map.of("Origin", http.origin, "X-Dashboard-Token", "guess"));

    assertThat(none.status()).isEqualTo(403);
    assertThat(none.body().get("error").asText()).contains("X-Dashboard-Token");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(state(h.client, "victim").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
  }

  @Test
  void postWithTokenFromOwnOrigin_terminates() throws Exception {
    running("victim", "O", null);

    DashboardHttp.Answer r = http.act("terminate", Map.of("instanceId", "victim", "reason", "bye"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("ok").asBoolean()).isTrue();
    assertThat(r.body().get("message").asText()).isEqualTo("Terminated victim");
    assertThat(state(h.client, "victim").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_TERMINATED);
    assertThat(state(h.client, "victim").getOutput().getValue()).isEqualTo("\"bye\"");
  }

  @Test
  void foreignHost_isRefused_evenForReads() throws Exception {
    int port = http.port;

    assertThat(http.rawStatus("GET /api/session HTTP/1.1", "evil.example:" + port)).isEqualTo(403);
    assertThat(http.rawStatus("GET / HTTP/1.1", "localhost.evil.example:" + port)).isEqualTo(403);
    assertThat(http.rawStatus("GET /api/session HTTP/1.1", "localhost:" + (port + 1)))
        .isEqualTo(403);
    assertThat(http.rawStatus("GET /api/session HTTP/1.1", "127.0.0.1:" + port)).isEqualTo(200);
    assertThat(http.rawStatus("GET /api/session HTTP/1.1", "[::1]:" + port)).isEqualTo(200);
  }

  @Test
  void actionsNeedPost_andReadsNeedGet() throws Exception {
    assertThat(http.get("/api/actions/terminate").status()).isEqualTo(405);
    assertThat(http.rawStatus("POST /api/locks HTTP/1.1", "localhost:" + http.port)).isEqualTo(405);
  }

  @Test
  void orchestrations_filterByStatusNameAndPrefix_andPage() throws Exception {
    running("t-1", "Transfer", null);
    running("t-2", "Transfer", null);
    running("a-1", "Audit", null);
    h.client.startInstance(start("t-3", "Transfer", null).build());
    worker.nextOrchestration(); // t-3 stays pending: its work item is never completed

    JsonNode all = http.get("/api/orchestrations").body();
    JsonNode transfers = http.get("/api/orchestrations?name=transf").body();
    JsonNode runningT = http.get("/api/orchestrations?status=RUNNING&prefix=t-").body();
    JsonNode first = http.get("/api/orchestrations?pageSize=2").body();
    String token = first.get("continuationToken").asText();
    JsonNode second = http.get("/api/orchestrations?pageSize=2&continuationToken=" + token).body();

    assertThat(ids(all.get("instances"))).containsExactly("a-1", "t-1", "t-2", "t-3");
    assertThat(all.get("counts").get("RUNNING").asInt()).isEqualTo(3);
    assertThat(all.get("counts").get("PENDING").asInt()).isEqualTo(1);
    assertThat(all.get("continuationToken").isNull()).isTrue();
    assertThat(ids(transfers.get("instances"))).containsExactly("t-1", "t-2", "t-3");
    assertThat(ids(runningT.get("instances"))).containsExactly("t-1", "t-2");
    assertThat(runningT.get("instances").get(0).get("orchestrationStatus").asText())
        .isEqualTo("RUNNING");
    assertThat(ids(first.get("instances"))).containsExactly("a-1", "t-1");
    assertThat(ids(second.get("instances"))).containsExactly("t-2", "t-3");
    assertThat(http.get("/api/orchestrations?status=BOGUS").status()).isEqualTo(400);
  }

  @Test
  void idsAndFilters_decodeAsBrowsersEncodeThem() throws Exception {
    running("a+b/c", "My Orch", null);

    assertThat(http.get("/api/orchestrations/a%2Bb%2Fc").status()).isEqualTo(200);
    assertThat(http.get("/api/orchestrations/a+b%2Fc").status()).isEqualTo(200);
    assertThat(ids(http.get("/api/orchestrations?name=my+orch").body().get("instances")))
        .containsExactly("a+b/c");
    assertThat(ids(http.get("/api/orchestrations?prefix=a%2Bb").body().get("instances")))
        .containsExactly("a+b/c");
  }

  @Test
  void instance_showsInputOutputFailureAndHistory() throws Exception {
    h.client.startInstance(start("done", "Chain", "{\"n\":1}").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "\"ok\"")).build());
    h.client.startInstance(start("broken", "Chain", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.fail(0, "it broke")).build());

    JsonNode done = http.get("/api/orchestrations/done").body();
    JsonNode broken = http.get("/api/orchestrations/broken").body();

    assertThat(done.get("instance").get("input").asText()).isEqualTo("{\"n\":1}");
    assertThat(done.get("instance").get("output").asText()).isEqualTo("\"ok\"");
    assertThat(done.get("instance").get("orchestrationStatus").asText()).isEqualTo("COMPLETED");
    List<String> types = new ArrayList<>();
    done.get("history").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).contains("ExecutionStarted", "ExecutionCompleted");
    JsonNode started =
        done.get("history").findParents("type").stream()
            .filter(e -> e.get("type").asText().equals("ExecutionStarted"))
            .findFirst()
            .orElseThrow();
    assertThat(started.get("details").get("name").asText()).isEqualTo("Chain");
    assertThat(started.get("timestamp").asText()).startsWith("2026-01-01T00:00");
    assertThat(broken.get("instance").get("failureDetails").get("errorMessage").asText())
        .isEqualTo("it broke");
    assertThat(http.get("/api/orchestrations/missing").status()).isEqualTo(404);
    assertThat(done.get("trace").isNull()).as("started without a trace context").isTrue();
  }

  @Test
  void instance_showsTheTraceItWasStartedIn() throws Exception {
    String traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    h.client.startInstance(
        start("traced", "Chain", null)
            .setParentTraceContext(TraceContext.newBuilder().setTraceParent(traceParent))
            .build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    h.client.startInstance(
        start("garbled", "Chain", null)
            .setParentTraceContext(TraceContext.newBuilder().setTraceParent("00-not-a-trace"))
            .build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    for (String id : List.of("traced", "garbled")) {
      await(id + " running")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> state(h.client, id).getOrchestrationStatus(),
              status -> status == ORCHESTRATION_STATUS_RUNNING);
    }

    JsonNode trace = http.get("/api/orchestrations/traced").body().get("trace");
    JsonNode garbled = http.get("/api/orchestrations/garbled").body().get("trace");

    assertThat(trace.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(trace.get("spanId").asText()).isEqualTo("b7ad6b7169203331");
    assertThat(trace.get("sampled").asBoolean()).isTrue();
    assertThat(trace.get("traceParent").asText()).isEqualTo(traceParent);
    assertThat(garbled.isNull()).as("a traceparent that cannot be read names no trace").isTrue();
  }

  @Test
  void locks_andEntityPage_showHolderCriticalSectionStateAndWaitingRequests() throws Exception {
    h.signal("@acct@a", "deposit", "100");
    worker.complete(resultAll(worker.nextEntity(), "100").build());
    WorkItem o1 = startedNow("holder");
    String cs = UUID.randomUUID().toString();
    worker.completeOrchestrator(
        response(o1, Orch.lock(0, cs, "holder", "@acct@a", "@acct@b")).build());
    worker.nextOrchestration(); // the grant
    h.signal("@acct@a", "deposit", "5"); // waits: the entity is locked by "holder"

    JsonNode locks = http.get("/api/locks").body();
    JsonNode entity = http.get("/api/entities/" + "%40acct%40a").body();
    JsonNode page = http.get("/api/entities?prefix=acct@").body();

    assertThat(locks.get("held")).hasSize(2);
    JsonNode a = locks.get("held").get(0);
    assertThat(a.get("entityId").asText()).isEqualTo("@acct@a");
    assertThat(a.get("holder").asText()).isEqualTo("holder");
    assertThat(a.get("criticalSectionId").asText()).isEqualTo(cs);
    assertThat(a.get("holderStatus").asText()).isEqualTo("RUNNING");
    assertThat(a.get("holderRunning").asBoolean()).isTrue();
    assertThat(a.get("grantedAt").asText()).startsWith("2026-01-01T00:00");
    assertThat(a.get("lockSet").toString()).isEqualTo("[\"@acct@a\",\"@acct@b\"]");
    assertThat(locks.get("waiting")).hasSize(1);
    JsonNode waiting = locks.get("waiting").get(0);
    assertThat(waiting.get("entityId").asText()).isEqualTo("@acct@a");
    assertThat(waiting.get("operation").asText()).isEqualTo("deposit");
    assertThat(waiting.get("blockedBy").asText()).isEqualTo("holder");
    assertThat(entity.get("entity").get("serializedState").asText()).isEqualTo("100");
    assertThat(entity.get("entity").get("lockedBy").asText()).isEqualTo("holder");
    assertThat(entity.get("lock").get("criticalSectionId").asText()).isEqualTo(cs);
    assertThat(entity.get("queueSize").asInt()).isEqualTo(1);
    assertThat(ids(page.get("entities"))).containsExactly("@acct@a", "@acct@b");
    assertThat(page.get("entities").get(0).get("backlogQueueSize").asInt()).isEqualTo(1);
    assertThat(http.get("/api/entities/%40acct%40zzz").status()).isEqualTo(404);

    DashboardHttp.Answer terminated = http.act("terminate", Map.of("instanceId", "holder"));
    JsonNode after = http.get("/api/locks").body();

    assertThat(terminated.status()).isEqualTo(200);
    assertThat(after.get("held")).as("terminating the holder releases its locks").isEmpty();
  }

  private WorkItem startedNow(String id) throws Exception {
    h.client.startInstance(start(id, "Transfer", null).build());
    return worker.nextOrchestration();
  }

  @Test
  void actions_signalRaiseEventSuspendResumePurgeAndClean_goThroughTheEngine() throws Exception {
    running("o", "O", null);

    DashboardHttp.Answer signal =
        http.act(
            "signal",
            Map.of("entityId", "@counter@c", "operation", "add", "input", Map.of("n", 2)));
    WorkItem batch = worker.nextEntity();
    DashboardHttp.Answer suspend = http.act("suspend", Map.of("instanceId", "o"));
    var suspended = state(h.client, "o").getOrchestrationStatus();
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    DashboardHttp.Answer resume = http.act("resume", Map.of("instanceId", "o"));
    WorkItem afterResume = worker.nextOrchestration();
    DashboardHttp.Answer event =
        http.act("raise-event", Map.of("instanceId", "o", "name", "go", "input", 7));
    DashboardHttp.Answer purgeRunning = http.act("purge", Map.of("instanceId", "o"));
    http.act("terminate", Map.of("instanceId", "o"));
    DashboardHttp.Answer purge = http.act("purge", Map.of("instanceId", "o"));
    DashboardHttp.Answer clean = http.act("clean-entity-storage", Map.of());

    assertThat(signal.body().get("message").asText()).isEqualTo("Signalled 'add' to @counter@c");
    assertThat(SchedulerHarness.operations(batch)).containsExactly("add");
    assertThat(SchedulerHarness.inputs(batch)).containsExactly("{\"n\":2}");
    assertThat(suspend.status()).isEqualTo(200);
    assertThat(suspended).isEqualTo(ORCHESTRATION_STATUS_SUSPENDED);
    assertThat(resume.status()).isEqualTo(200);
    assertThat(Orch.types(afterResume.getOrchestratorRequest().getNewEventsList()))
        .contains(io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONRESUMED);
    assertThat(event.status()).isEqualTo(200);
    assertThat(purgeRunning.status()).as("only finished instances are purged").isEqualTo(409);
    assertThat(purgeRunning.body().get("error").asText()).contains("only finished instances");
    assertThat(purge.body().get("deletedInstanceCount").asInt()).isEqualTo(1);
    assertThat(
            h.client
                .getInstance(
                    io.durableentities.protocol.internal.GetInstanceRequest.newBuilder()
                        .setInstanceId("o")
                        .build())
                .getExists())
        .isFalse();
    assertThat(clean.status()).isEqualTo(200);
    assertThat(clean.body().get("orphanedLocksReleased").asInt()).isZero();
  }

  @Test
  void memory_countsTheResidentEntities() throws Exception {
    int before = http.get("/api/memory").body().get("residentEntities").asInt();
    http.act("signal", Map.of("entityId", "@counter@m1", "operation", "add"));
    http.act("signal", Map.of("entityId", "@counter@m2", "operation", "add"));
    worker.nextEntity();
    worker.nextEntity();

    DashboardHttp.Answer memory = http.get("/api/memory");

    assertThat(before).isZero();
    assertThat(memory.status()).isEqualTo(200);
    assertThat(memory.body().get("residentEntities").asInt())
        .as("two entities with a batch in flight")
        .isEqualTo(2)
        .isEqualTo(h.scheduler.residentEntities());
  }

  @Test
  void badActionInput_getsAClearError() throws Exception {
    DashboardHttp.Answer missing = http.act("terminate", Map.of());
    DashboardHttp.Answer unknown = http.act("terminate", Map.of("instanceId", "nobody"));
    DashboardHttp.Answer entityId = http.act("terminate", Map.of("instanceId", "@acct@a"));
    DashboardHttp.Answer noSuchAction = http.act("explode", Map.of());

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("error").asText()).contains("'instanceId' is required");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("error").asText()).contains("nobody");
    assertThat(entityId.status()).isEqualTo(400);
    assertThat(noSuchAction.status()).isEqualTo(404);
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("instanceId").asText()));
    return out;
  }
}
