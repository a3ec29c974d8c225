package io.durableentities.client.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.AzurePowerShellCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.IntelliJCredentialBuilder;
import com.azure.identity.InteractiveBrowserCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.VisualStudioCodeCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.durableentities.client.ConnectionString;
import io.durableentities.core.DurableException;

/** Maps the {@code Authentication} value of a connection string to an azure-identity credential. */
public final class AzureCredentials {

  private AzureCredentials() {}

  /**
   * Creates the credential a connection string names.
   *
   * @param connection the connection string
   * @return the credential, or null for {@code Authentication=None}
   * @throws DurableException if azure-identity cannot create it
   */
  public static TokenCredential create(ConnectionString connection) {
    try {
      return switch (connection.authentication()) {
        // A shared token is no Azure credential: ConnectionString.newCredential() makes it.
        case NONE, TOKEN -> null;
        case DEFAULT_AZURE -> {
          DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
          connection.clientId().ifPresent(builder::managedIdentityClientId);
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
        case MANAGED_IDENTITY -> {
          ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
          connection.clientId().ifPresent(builder::clientId);
          yield builder.build();
        }
        case WORKLOAD_IDENTITY -> {
          WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder();
          connection.clientId().ifPresent(builder::clientId);
          connection.tenantId().ifPresent(builder::tenantId);
          connection.tokenFilePath().ifPresent(builder::tokenFilePath);
          if (!connection.additionallyAllowedTenants().isEmpty()) {
            builder.additionallyAllowedTenants(connection.additionallyAllowedTenants());
          }
          yield builder.build();
        }
        case ENVIRONMENT -> new EnvironmentCredentialBuilder().build();
        case AZURE_CLI -> {
          AzureCliCredentialBuilder builder = new AzureCliCredentialBuilder();
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
        case AZURE_POWER_SHELL -> {
          AzurePowerShellCredentialBuilder builder = new AzurePowerShellCredentialBuilder();
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
        case VISUAL_STUDIO_CODE -> {
          VisualStudioCodeCredentialBuilder builder = new VisualStudioCodeCredentialBuilder();
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
        case INTELLIJ -> {
          IntelliJCredentialBuilder builder = new IntelliJCredentialBuilder();
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
        case INTERACTIVE_BROWSER -> {
          InteractiveBrowserCredentialBuilder builder = new InteractiveBrowserCredentialBuilder();
          connection.clientId().ifPresent(builder::clientId);
          connection.tenantId().ifPresent(builder::tenantId);
          yield builder.build();
        }
      };
    } catch (RuntimeException | LinkageError e) {
      throw new DurableException(
          "Could not create the "
              + connection.authentication().value()
              + " credential for "
              + connection.endpoint()
              + ": "
              + e
              + ". Check the ClientID/TenantId/TokenFilePath settings, or pass a TokenCredential"
              + " to the builder",
          e);
    }
  }
}
