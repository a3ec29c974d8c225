package io.durableentities.samples.springaccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durableentities.scheduler.EmbeddedScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The REST API against the embedded scheduler. */
// docs:start spring-boot-test
@SpringBootTest(
    properties = {"durable.embedded.in-memory=true", "durable.embedded.dashboard.enabled=false"})
@AutoConfigureMockMvc
// docs:end spring-boot-test
class SpringAccountsTest {

  @Autowired MockMvc mvc;
  @Autowired ObjectMapper json;
  @Autowired ApplicationContext context;

  @Test
  void lockedTransfer_movesTheMoney_andTheBalancesShowIt() throws Exception {
    deposit("alice", 1_000);
    deposit("bob", 200);
    awaitBalance("alice", 1_000);
    awaitBalance("bob", 200);

    String id = startTransfer("alice", "bob", 300);

    assertThat(awaitOutcome(id)).isEqualTo("DONE");
    assertThat(balance("alice")).isEqualTo(700);
    assertThat(balance("bob")).isEqualTo(500);
  }

  @Test
  void transferAboveTheBalance_isRejected_andNothingMoves() throws Exception {
    deposit("carol", 100);
    deposit("dave", 100);
    awaitBalance("carol", 100);
    awaitBalance("dave", 100);

    String id = startTransfer("carol", "dave", 101);

    assertThat(awaitOutcome(id)).isEqualTo("REJECTED");
    assertThat(balance("carol")).isEqualTo(100);
    assertThat(balance("dave")).isEqualTo(100);
  }

  @Test
  void depositAboveTheInjectedLimit_fails_andTheBalanceStays() throws Exception {
    deposit("erin", 50);
    deposit("erin", 2_000_000);
    deposit("erin", 1);

    awaitBalance("erin", 51);
  }

  @Test
  void unknownAccount_is404() throws Exception {
    mvc.perform(get("/accounts/nobody")).andExpect(status().isNotFound());
    mvc.perform(get("/transfers/nothing")).andExpect(status().isNotFound());
  }

  @Test
  void health_showsTheSchedulerAndTheWorker() throws Exception {
    assertThat(context.getBeansOfType(EmbeddedScheduler.class)).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(get("/actuator/health"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.components.durable.status").value("UP"))
                    .andExpect(jsonPath("$.components.durable.details.worker").value("connected")));
  }

  private void deposit(String account, long cents) throws Exception {
    mvc.perform(
            post("/accounts/{key}/deposits", account)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"cents\": " + cents + "}"))
        .andExpect(status().isAccepted());
  }

  private String startTransfer(String from, String to, long cents) throws Exception {
    String body =
        mvc.perform(
                post("/transfers")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(new TransferRequest(from, to, cents))))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body).get("id").asText();
  }

  private String awaitOutcome(String id) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> transfer(id).path("outcome").asText(null), outcome -> outcome != null);
  }

  private JsonNode transfer(String id) throws Exception {
    return json.readTree(
        mvc.perform(get("/transfers/{id}", id))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private long balance(String account) throws Exception {
    String body =
        mvc.perform(get("/accounts/{key}", account))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body).get("cents").asLong();
  }

  private void awaitBalance(String account, long cents) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                mvc.perform(get("/accounts/{key}", account)).andReturn().getResponse().getStatus()
                        == 200
                    && balance(account) == cents);
  }
}
