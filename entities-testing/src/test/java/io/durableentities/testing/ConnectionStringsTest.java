package io.durableentities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import org.junit.jupiter.api.Test;

/**
 * The environment's two ways in: in process (its own worker and client, and more in this JVM) and
 * over the loopback network, which it starts only when asked for.
 */
class ConnectionStringsTest {

  private static DurableTestEnvironment start() {
    return DurableTestEnvironment.newBuilder().entity(AccountEntity.class).start();
  }

  @Test
  void connectionString_isInProcess_andServesAnotherClientOfThisJvm() {
    try (DurableTestEnvironment env = start();
        DurableClient other =
            DurableClient.newBuilder(env.connectionString()).clock(env.clock()).build()) {
      assertThat(env.connectionString()).contains(";InProcess=");

      other.entities().call(Account.class, "in-process").deposit(5);

      assertThat(env.entities().call(Account.class, "in-process").balance()).isEqualTo(5);
    }
  }

  @Test
  void networkConnectionString_startsListening_andServesAClientOverLoopback() {
    try (DurableTestEnvironment env = start()) {
      String network = env.networkConnectionString();
      assertThat(network).matches("Endpoint=http://localhost:\\d+;Authentication=None");
      assertThat(env.networkConnectionString()).as("started once").isEqualTo(network);

      try (DurableClient remote = DurableClient.newBuilder(network).clock(env.clock()).build()) {
        remote.entities().call(Account.class, "remote").deposit(7);

        assertThat(remote.entities().call(Account.class, "remote").balance()).isEqualTo(7);
      }
      assertThat(env.entities().call(Account.class, "remote").balance()).isEqualTo(7);
    }
  }
}
