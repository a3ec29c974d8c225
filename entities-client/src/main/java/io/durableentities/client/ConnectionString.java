package io.durableentities.client;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.internal.AzureCredentials;
import io.durableentities.client.internal.Loopback;
import io.durableentities.client.internal.SharedSecretCredential;
import io.durableentities.core.DurableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where and how to connect: a parsed connection string of the Durable Task Scheduler form.
 *
 * <pre>{@code
 * ConnectionString local = ConnectionString.parse("Endpoint=http://localhost:8080;Authentication=None");
 * ConnectionString azure = ConnectionString.parse(
 *     "Endpoint=https://my-scheduler.westus2.durabletask.io;Authentication=ManagedIdentity;"
 *         + "ClientID=00000000-0000-0000-0000-000000000000;TaskHub=orders");
 * }</pre>
 *
 * <h2>Keys</h2>
 *
 * Segments are separated by {@code ;} and split at their first {@code =}. Keys are
 * case-insensitive; whitespace around keys and values is trimmed; empty segments are ignored;
 * unknown keys are ignored.
 *
 * <ul>
 *   <li>{@code Endpoint} (required): the scheduler URL; {@code https://} is assumed when it has no
 *       scheme, except for a loopback host without credentials ({@code Authentication} left out or
 *       {@code None}), where a missing scheme is an error: local schedulers speak plain {@code
 *       http}, so write {@code http://localhost:8080}.
 *   <li>{@code Authentication}: one of {@link Authentication}, case-insensitive; optional only for
 *       a loopback {@code http} endpoint, where it defaults to {@code None}.
 *   <li>{@code TaskHub}: the task hub; defaults to the {@code TASKHUB_NAME} environment variable,
 *       else {@code default}.
 *   <li>{@code ClientID}, {@code TenantId}, {@code TokenFilePath}, {@code
 *       AdditionallyAllowedTenants} (comma-separated): passed to the credential.
 *   <li>{@code Token}: with {@code Authentication=Token}, the token an embedded scheduler started
 *       with an authentication token requires; sent as {@code authorization: Bearer <token>}.
 *   <li>{@code InProcess}: the name of a scheduler served in this JVM through gRPC's in-process
 *       transport (the test environment of {@code entities-testing} gives such a connection
 *       string): calls go to it as method calls, without sockets or HTTP/2 framing; the Endpoint is
 *       then only a label. Needs {@code io.grpc:grpc-inprocess} on the class path.
 * </ul>
 *
 * <p>An embedded scheduler across machines: {@code
 * Endpoint=https://scheduler-host:8080;Authentication=Token;Token=<token>}. A scheduler whose
 * certificate is not trusted by the JVM (a self-signed one) is trusted with the client or worker
 * builder's {@code trustedCertificates(Path)}.
 *
 * <p>Instances are immutable. {@link #toString()} prints the endpoint, authentication and task hub
 * only, never the token.
 */
public final class ConnectionString {

  /** The default task hub when neither the string nor {@code TASKHUB_NAME} names one. */
  public static final String DEFAULT_TASK_HUB = "default";

  /** The environment variable that gives the task hub when the string has no {@code TaskHub}. */
  public static final String TASK_HUB_ENVIRONMENT_VARIABLE = "TASKHUB_NAME";

  /** How to authenticate; the values of the {@code Authentication} key, matched ignoring case. */
  public enum Authentication {
    /** {@code DefaultAzureCredential}. */
    DEFAULT_AZURE("DefaultAzure"),
    /** {@code ManagedIdentityCredential}, with {@code ClientID} for a user-assigned identity. */
    MANAGED_IDENTITY("ManagedIdentity"),
    /** {@code WorkloadIdentityCredential}, with client id, tenant id and token file path. */
    WORKLOAD_IDENTITY("WorkloadIdentity"),
    /** {@code EnvironmentCredential}. */
    ENVIRONMENT("Environment"),
    /** {@code AzureCliCredential}. */
    AZURE_CLI("AzureCli"),
    /** {@code AzurePowerShellCredential}. */
    AZURE_POWER_SHELL("AzurePowerShell"),
    /** {@code VisualStudioCodeCredential}. */
    VISUAL_STUDIO_CODE("VisualStudioCode"),
    /** {@code IntelliJCredential}. */
    INTELLIJ("IntelliJ"),
    /** {@code InteractiveBrowserCredential}. */
    INTERACTIVE_BROWSER("InteractiveBrowser"),
    /**
     * The shared token of the {@code Token} key, for an embedded scheduler started with an
     * authentication token.
     */
    TOKEN("Token"),
    /** No credential: no {@code Authorization} header (local schedulers and emulators). */
    NONE("None");

    private final String value;

    Authentication(String value) {
      this.value = value;
    }

    /**
     * Returns the value as written in connection strings, such as {@code ManagedIdentity}.
     *
     * @return the value
     */
    public String value() {
      return value;
    }

    static Authentication parse(String text) {
      for (Authentication authentication : values()) {
        if (authentication.value.equalsIgnoreCase(text)) {
          return authentication;
        }
      }
      throw new IllegalArgumentException(
          "Connection string: unknown Authentication value '"
              + text
              + "'; valid values (case-insensitive): "
              + validValues());
    }

    static String validValues() {
      return Arrays.stream(values()).map(Authentication::value).collect(Collectors.joining(", "));
    }
  }

  private static final List<String> KNOWN_KEYS =
      List.of(
          "endpoint",
          "authentication",
          "inprocess",
          "taskhub",
          "clientid",
          "tenantid",
          "tokenfilepath",
          "additionallyallowedtenants",
          "token");

  private final URI endpoint;
  private final Authentication authentication;
  private final String taskHub;
  private final String clientId;
  private final String tenantId;
  private final String tokenFilePath;
  private final List<String> additionallyAllowedTenants;
  private final String token;
  private final String inProcessName;

  private ConnectionString(Map<String, String> values, Function<String, String> environment) {
    String endpointText = values.get("endpoint");
    if (endpointText == null || endpointText.isEmpty()) {
      throw new IllegalArgumentException(
          "Connection string: Endpoint is missing; give e.g."
              + " \"Endpoint=http://localhost:8080;Authentication=None\"");
    }
    this.endpoint = parseEndpoint(endpointText);
    String authenticationText = values.get("authentication");
    if (!endpointText.contains("://")
        && Loopback.isLoopback(endpoint.getHost())
        && (authenticationText == null
            || authenticationText.isEmpty()
            || authenticationText.equalsIgnoreCase(Authentication.NONE.value()))) {
      throw new IllegalArgumentException(
          "Connection string: Endpoint '"
              + endpointText
              + "' has no scheme, so https would be assumed, but a local scheduler (the embedded"
              + " scheduler, the Durable Task Scheduler emulator) speaks plain http: write"
              + " Endpoint=http://"
              + endpointText
              + " (or Endpoint=https://"
              + endpointText
              + " for a local scheduler behind TLS)");
    }
    if (authenticationText == null || authenticationText.isEmpty()) {
      if (!("http".equals(endpoint.getScheme()) && Loopback.isLoopback(endpoint.getHost()))) {
        throw new IllegalArgumentException(
            "Connection string: Authentication is missing for endpoint "
                + endpoint
                + "; it may be left out only for a loopback http endpoint. Valid values"
                + " (case-insensitive): "
                + Authentication.validValues());
      }
      this.authentication = Authentication.NONE;
    } else {
      this.authentication = Authentication.parse(authenticationText);
    }
    String hub = values.get("taskhub");
    if (hub == null || hub.isEmpty()) {
      String fromEnvironment = environment.apply(TASK_HUB_ENVIRONMENT_VARIABLE);
      hub =
          fromEnvironment == null || fromEnvironment.isBlank()
              ? DEFAULT_TASK_HUB
              : fromEnvironment.trim();
    }
    this.taskHub = hub;
    this.clientId = emptyToNull(values.get("clientid"));
    this.tenantId = emptyToNull(values.get("tenantid"));
    this.tokenFilePath = emptyToNull(values.get("tokenfilepath"));
    String tenants = values.get("additionallyallowedtenants");
    this.additionallyAllowedTenants =
        tenants == null
            ? List.of()
            : Arrays.stream(tenants.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
    this.token = emptyToNull(values.get("token"));
    this.inProcessName = emptyToNull(values.get("inprocess"));
    if (authentication == Authentication.TOKEN) {
      if (token == null) {
        throw new IllegalArgumentException(
            "Connection string: Authentication=Token needs the token in a Token key, e.g."
                + " \"Endpoint=https://host:8080;Authentication=Token;Token=<token>\"");
      }
      if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException(
            "Connection string: the Token value must be printable ASCII without spaces");
      }
    } else if (token != null) {
      throw new IllegalArgumentException(
          "Connection string: a Token key is used only with Authentication=Token (Authentication"
              + " was "
              + authentication.value()
              + ")");
    }
  }

  /**
   * Parses a connection string; the task hub defaults to the {@code TASKHUB_NAME} environment
   * variable, else {@code default}.
   *
   * @param connectionString the connection string
   * @return the parsed value
   * @throws IllegalArgumentException naming the problem: no Endpoint, a segment without {@code =},
   *     a duplicate key, an unknown Authentication value, an endpoint that is not a URL
   */
  public static ConnectionString parse(String connectionString) {
    return parse(connectionString, System::getenv);
  }

  /**
   * Parses a connection string, reading environment variables through a lookup function.
   *
   * @param connectionString the connection string
   * @param environment returns the value of an environment variable, or null
   * @return the parsed value
   * @throws IllegalArgumentException naming the problem
   */
  static ConnectionString parse(String connectionString, Function<String, String> environment) {
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(environment, "environment");
    Map<String, String> values = new LinkedHashMap<>();
    String[] segments = connectionString.split(";");
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i].trim();
      if (segment.isEmpty()) {
        continue;
      }
      int equals = segment.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "Connection string: segment "
                + (i + 1)
                + " has no '='; write each setting as Key=Value, separated by ';'");
      }
      String key = segment.substring(0, equals).trim();
      String value = segment.substring(equals + 1).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "Connection string: segment " + (i + 1) + " has an empty key before '='");
      }
      String normalized = key.toLowerCase(Locale.ROOT);
      if (values.containsKey(normalized)) {
        throw new IllegalArgumentException(
            "Connection string: key '" + key + "' appears more than once; keep one");
      }
      if (KNOWN_KEYS.contains(normalized)) {
        values.put(normalized, value);
      }
    }
    return new ConnectionString(values, environment);
  }

  /**
   * Returns the scheduler endpoint, with a scheme ({@code https} when the string had none).
   *
   * @return the endpoint URL
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns how to authenticate.
   *
   * @return the authentication kind
   */
  public Authentication authentication() {
    return authentication;
  }

  /**
   * Returns the task hub.
   *
   * @return the task hub name
   */
  public String taskHub() {
    return taskHub;
  }

  /**
   * Returns the {@code ClientID} value.
   *
   * @return the client id, if given
   */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  /**
   * Returns the {@code TenantId} value.
   *
   * @return the tenant id, if given
   */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /**
   * Returns the {@code TokenFilePath} value.
   *
   * @return the token file path, if given
   */
  public Optional<String> tokenFilePath() {
    return Optional.ofNullable(tokenFilePath);
  }

  /**
   * Returns the {@code AdditionallyAllowedTenants} values.
   *
   * @return the tenants, possibly empty
   */
  public List<String> additionallyAllowedTenants() {
    return additionallyAllowedTenants;
  }

  /**
   * Returns the {@code InProcess} value: the name of a scheduler in this JVM to reach through
   * gRPC's in-process transport instead of the endpoint.
   *
   * @return the in-process server name, if given
   */
  public Optional<String> inProcessName() {
    return Optional.ofNullable(inProcessName);
  }

  /**
   * Tells whether the endpoint uses TLS ({@code https}).
   *
   * @return whether the scheme is https
   */
  public boolean usesTls() {
    return "https".equals(endpoint.getScheme());
  }

  /**
   * Creates the credential the {@code Authentication} value names: an azure-identity credential, or
   * for {@code Token} one that sends the {@code Token} value.
   *
   * @return the credential; empty for {@code None}
   * @throws DurableException if the credential kind is not available in this azure-identity version
   */
  public Optional<TokenCredential> newCredential() {
    if (authentication == Authentication.TOKEN) {
      return Optional.of(new SharedSecretCredential(token));
    }
    return Optional.ofNullable(AzureCredentials.create(this));
  }

  /**
   * Returns the endpoint, authentication, task hub and in-process name.
   *
   * @return a description without any secret
   */
  @Override
  public String toString() {
    return "Endpoint="
        + endpoint
        + ";Authentication="
        + authentication.value()
        + ";TaskHub="
        + taskHub
        + (inProcessName == null ? "" : ";InProcess=" + inProcessName);
  }

  private static URI parseEndpoint(String text) {
    String withScheme = text.contains("://") ? text : "https://" + text;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Connection string: Endpoint '" + text + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "Connection string: Endpoint '"
              + text
              + "' is not an http or https URL; give e.g. https://my-scheduler.durabletask.io");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "Connection string: Endpoint '" + text + "' is not a URL with a host name");
    }
    if (!scheme.equals(uri.getScheme())) {
      try {
        uri = new URI(scheme, uri.getRawSchemeSpecificPart(), uri.getRawFragment());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "Connection string: Endpoint '" + text + "' is not a URL: " + e.getReason(), e);
      }
    }
    return uri;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
