package io.durableentities.spring.internal;

import io.durableentities.client.ConnectionString;
import io.durableentities.spring.DurableProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which scheduler the application uses: the one a connection string or an endpoint names, else an
 * embedded one. The conditions decide which configuration applies; {@link #connectionString} builds
 * the configured connection.
 */
public final class SchedulerChoice {

  static final String CONNECTION_STRING = DurableProperties.PREFIX + ".connection-string";
  static final String ENDPOINT = DurableProperties.PREFIX + ".endpoint";
  static final String EMBEDDED_ENABLED = DurableProperties.PREFIX + ".embedded.enabled";

  private SchedulerChoice() {}

  /**
   * Builds the connection string of the configured scheduler.
   *
   * @param properties the properties, with a connection string or an endpoint
   * @return the parsed connection string
   * @throws IllegalStateException if both or neither are set, or the endpoint's settings are given
   *     with a connection string, or the result does not parse; the message names the properties
   */
  public static ConnectionString connectionString(DurableProperties properties) {
    boolean hasConnectionString = hasText(properties.getConnectionString());
    boolean hasEndpoint = hasText(properties.getEndpoint());
    if (hasConnectionString && hasEndpoint) {
      throw new IllegalStateException(
          "Both "
              + CONNECTION_STRING
              + " and "
              + ENDPOINT
              + " are set; set one of them: the connection string alone, or the endpoint with"
              + " durable.task-hub and durable.authentication");
    }
    if (hasConnectionString) {
      List<String> extra = endpointSettings(properties);
      if (!extra.isEmpty()) {
        throw new IllegalStateException(
            extra
                + " only apply with "
                + ENDPOINT
                + "; with "
                + CONNECTION_STRING
                + " put them in the connection string (TaskHub=...;Authentication=...;ClientID=...)");
      }
      return parse(properties.getConnectionString(), CONNECTION_STRING);
    }
    if (!hasEndpoint) {
      throw new IllegalStateException(
          "No scheduler is configured: set " + CONNECTION_STRING + " or " + ENDPOINT);
    }
    StringBuilder text = new StringBuilder("Endpoint=").append(properties.getEndpoint().trim());
    if (properties.getAuthentication() != null) {
      text.append(";Authentication=").append(properties.getAuthentication().value());
    }
    append(text, "TaskHub", properties.getTaskHub());
    append(text, "ClientID", properties.getClientId());
    append(text, "TenantId", properties.getTenantId());
    return parse(text.toString(), ENDPOINT + " and the settings beside it");
  }

  private static List<String> endpointSettings(DurableProperties properties) {
    List<String> set = new ArrayList<>();
    if (hasText(properties.getTaskHub())) {
      set.add(DurableProperties.PREFIX + ".task-hub");
    }
    if (properties.getAuthentication() != null) {
      set.add(DurableProperties.PREFIX + ".authentication");
    }
    if (hasText(properties.getClientId())) {
      set.add(DurableProperties.PREFIX + ".client-id");
    }
    if (hasText(properties.getTenantId())) {
      set.add(DurableProperties.PREFIX + ".tenant-id");
    }
    return set;
  }

  private static void append(StringBuilder text, String key, String value) {
    if (hasText(value)) {
      text.append(';').append(key).append('=').append(value.trim());
    }
  }

  private static ConnectionString parse(String text, String source) {
    try {
      return ConnectionString.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid " + source + ": " + e.getMessage(), e);
    }
  }

  static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  private static boolean remoteConfigured(Environment environment) {
    return hasText(environment.getProperty(CONNECTION_STRING))
        || hasText(environment.getProperty(ENDPOINT));
  }

  /** Matches when a connection string or an endpoint is set. */
  public static final class OnConfiguredScheduler extends SpringBootCondition {

    /** Creates the condition. */
    public OnConfiguredScheduler() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return remoteConfigured(context.getEnvironment())
          ? ConditionOutcome.match(CONNECTION_STRING + " or " + ENDPOINT + " is set")
          : ConditionOutcome.noMatch(
              "neither " + CONNECTION_STRING + " nor " + ENDPOINT + " is set");
    }
  }

  /**
   * Matches when neither a connection string nor an endpoint is set and the embedded scheduler is
   * not turned off.
   */
  public static final class OnEmbeddedScheduler extends SpringBootCondition {

    /** Creates the condition. */
    public OnEmbeddedScheduler() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment environment = context.getEnvironment();
      if (remoteConfigured(environment)) {
        return ConditionOutcome.noMatch(
            "a scheduler is configured by " + CONNECTION_STRING + " or " + ENDPOINT);
      }
      if (!environment.getProperty(EMBEDDED_ENABLED, Boolean.class, true)) {
        return ConditionOutcome.noMatch(EMBEDDED_ENABLED + " is false");
      }
      return ConditionOutcome.match("no connection string or endpoint is set");
    }
  }
}
