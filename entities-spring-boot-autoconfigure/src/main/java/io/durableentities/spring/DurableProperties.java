package io.durableentities.spring;

import io.durableentities.client.ConnectionString;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code durable.*} settings: where the scheduler is, and how the worker and the clients run.
 *
 * <p>The scheduler is chosen in this order: {@code durable.connection-string}; else {@code
 * durable.endpoint} (with {@code durable.task-hub}, {@code durable.authentication} and the identity
 * settings); else an embedded scheduler in this process ({@code durable.embedded.*}), when {@code
 * embedded-scheduler} is on the class path and {@code durable.embedded.enabled} is not false.
 *
 * <pre>
 * durable.connection-string=Endpoint=https://my-scheduler.westus2.durabletask.io;Authentication=ManagedIdentity;TaskHub=orders
 * durable.worker.shutdown-timeout=20s
 * </pre>
 */
@ConfigurationProperties(prefix = DurableProperties.PREFIX)
public class DurableProperties {

  /** The prefix of these properties. */
  public static final String PREFIX = "durable";

  /**
   * Connection string of the scheduler, such as
   * "Endpoint=http://localhost:8080;Authentication=None;TaskHub=default"; turns the embedded
   * scheduler off. Not together with durable.endpoint.
   */
  private String connectionString;

  /**
   * Scheduler endpoint URL, such as "https://my-scheduler.westus2.durabletask.io"; an alternative
   * to durable.connection-string, with task-hub, authentication, client-id and tenant-id beside it;
   * turns the embedded scheduler off.
   */
  private String endpoint;

  /**
   * Task hub, with durable.endpoint (default: the TASKHUB_NAME environment variable, else
   * "default").
   */
  private String taskHub;

  /**
   * How to authenticate, with durable.endpoint: a Microsoft Entra ID credential, or none (the
   * default for a loopback http endpoint, required otherwise).
   */
  private ConnectionString.Authentication authentication;

  /** Client id of a user-assigned managed identity or of a workload identity. */
  private String clientId;

  /** Tenant id, for a workload identity. */
  private String tenantId;

  /** The embedded scheduler, used when no connection string or endpoint is set. */
  @NestedConfigurationProperty
  private final EmbeddedSchedulerProperties embedded = new EmbeddedSchedulerProperties();

  /** The worker that runs the application's entities, orchestrations and activities. */
  @NestedConfigurationProperty private final WorkerProperties worker = new WorkerProperties();

  /** The client. */
  @NestedConfigurationProperty private final ClientProperties client = new ClientProperties();

  /** Orchestration versioning: the worker's version and strategies, new instances' version. */
  @NestedConfigurationProperty
  private final VersioningProperties versioning = new VersioningProperties();

  /**
   * Returns the connection string.
   *
   * @return the connection string, or null
   */
  public String getConnectionString() {
    return connectionString;
  }

  /**
   * Sets the connection string.
   *
   * @param connectionString the connection string
   */
  public void setConnectionString(String connectionString) {
    this.connectionString = connectionString;
  }

  /**
   * Returns the endpoint.
   *
   * @return the endpoint, or null
   */
  public String getEndpoint() {
    return endpoint;
  }

  /**
   * Sets the endpoint.
   *
   * @param endpoint the endpoint URL
   */
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Returns the task hub.
   *
   * @return the task hub, or null
   */
  public String getTaskHub() {
    return taskHub;
  }

  /**
   * Sets the task hub.
   *
   * @param taskHub the task hub
   */
  public void setTaskHub(String taskHub) {
    this.taskHub = taskHub;
  }

  /**
   * Returns the authentication.
   *
   * @return the authentication, or null
   */
  public ConnectionString.Authentication getAuthentication() {
    return authentication;
  }

  /**
   * Sets the authentication.
   *
   * @param authentication the authentication
   */
  public void setAuthentication(ConnectionString.Authentication authentication) {
    this.authentication = authentication;
  }

  /**
   * Returns the identity's client id.
   *
   * @return the client id, or null
   */
  public String getClientId() {
    return clientId;
  }

  /**
   * Sets the identity's client id.
   *
   * @param clientId the client id
   */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /**
   * Returns the tenant id.
   *
   * @return the tenant id, or null
   */
  public String getTenantId() {
    return tenantId;
  }

  /**
   * Sets the tenant id.
   *
   * @param tenantId the tenant id
   */
  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  /**
   * Returns the embedded scheduler's settings.
   *
   * @return the settings
   */
  public EmbeddedSchedulerProperties getEmbedded() {
    return embedded;
  }

  /**
   * Returns the worker's settings.
   *
   * @return the settings
   */
  public WorkerProperties getWorker() {
    return worker;
  }

  /**
   * Returns the client's settings.
   *
   * @return the settings
   */
  public ClientProperties getClient() {
    return client;
  }

  /**
   * Returns the versioning settings.
   *
   * @return the settings
   */
  public VersioningProperties getVersioning() {
    return versioning;
  }
}
