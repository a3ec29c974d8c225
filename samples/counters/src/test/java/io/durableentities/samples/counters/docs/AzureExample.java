package io.durableentities.samples.counters.docs;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;

/**
 * The Azure page's examples: compiled, not run (the build machines have no Azure access). The same
 * code runs against the embedded scheduler in {@link RunningExampleTest}.
 */
final class AzureExample {

  private AzureExample() {}

  static void connectionStringFromTheEnvironment() throws Exception {
    // docs:start azure-connection
    // e.g. "Endpoint=https://<scheduler endpoint>;Authentication=DefaultAzure;TaskHub=<hub>"
    String connection = System.getenv("DURABLE_CONNECTION");
    try (DurableWorker worker =
            DurableWorker.newBuilder(connection).entity(CounterEntity.class).start();
        DurableClient client = DurableClient.connect(connection)) {
      client.entities().signal(Counter.class, "c1").add(5);
    }
    // docs:end azure-connection
  }

  static void ownCredential(String connection) throws Exception {
    // docs:start azure-credential
    TokenCredential credential =
        new DefaultAzureCredentialBuilder().managedIdentityClientId("<client-id>").build();
    try (DurableWorker worker =
            DurableWorker.newBuilder(connection)
                .credential(credential) // overrides the connection string's Authentication
                .entity(CounterEntity.class)
                .start();
        DurableClient client =
            DurableClient.newBuilder(connection).credential(credential).build()) {
      client.entities().signal(Counter.class, "c1").add(5);
    }
    // docs:end azure-credential
  }
}
