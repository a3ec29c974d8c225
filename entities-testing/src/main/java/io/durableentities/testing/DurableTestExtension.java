package io.durableentities.testing;

import io.durableentities.client.DurableClient;
import io.durableentities.client.EntityClient;
import io.durableentities.orchestration.OrchestrationClient;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link DurableTestEnvironment} (started before
 * the test, closed after it) and injects it, or its clients, as test method parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DurableTestExtension durable =
 *     DurableTestExtension.of(
 *         DurableTestEnvironment.newBuilder()
 *             .entity(CounterEntity.class)
 *             .orchestrations(Orchestrations.of(new Approval())));
 *
 * @Test
 * void approval_timesOutAfterAWeek(DurableTestEnvironment env, OrchestrationClient client)
 *     throws Exception {
 *   ...
 * }
 * }</pre>
 *
 * <p>Parameters it resolves: {@link DurableTestEnvironment}, {@link DurableClient}, {@link
 * EntityClient} and {@link OrchestrationClient}; {@link #environment()} returns the current test's
 * environment too. Tests of one class run one at a time with it (each has its own environment, but
 * {@link #environment()} knows only one).
 */
public final class DurableTestExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DurableTestExtension.class);
  private static final Set<Class<?>> RESOLVED =
      Set.of(
          DurableTestEnvironment.class,
          DurableClient.class,
          EntityClient.class,
          OrchestrationClient.class);

  private final DurableTestEnvironment.Builder builder;
  private volatile DurableTestEnvironment current;

  private DurableTestExtension(DurableTestEnvironment.Builder builder) {
    this.builder = builder;
  }

  /**
   * An extension starting each test's environment from {@code builder}.
   *
   * @param builder the environment's builder (started once per test)
   * @return the extension
   */
  public static DurableTestExtension of(DurableTestEnvironment.Builder builder) {
    return new DurableTestExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * The environment of the test that is running.
   *
   * @return the environment
   * @throws IllegalStateException outside a test (e.g. in {@code @BeforeAll})
   */
  public DurableTestEnvironment environment() {
    DurableTestEnvironment env = current;
    if (env == null) {
      throw new IllegalStateException(
          "No durable test environment: DurableTestExtension starts one before each test and"
              + " closes it after; use it from a test or a @BeforeEach method");
    }
    return env;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    DurableTestEnvironment env = builder.start();
    current = env;
    context.getStore(NAMESPACE).put(DurableTestEnvironment.class, env);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    DurableTestEnvironment env =
        context
            .getStore(NAMESPACE)
            .remove(DurableTestEnvironment.class, DurableTestEnvironment.class);
    if (current == env) {
      current = null;
    }
    if (env != null) {
      env.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    DurableTestEnvironment env =
        context.getStore(NAMESPACE).get(DurableTestEnvironment.class, DurableTestEnvironment.class);
    if (env == null) {
      env = environment();
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == DurableClient.class) {
      return env.client();
    }
    if (type == EntityClient.class) {
      return env.entities();
    }
    if (type == OrchestrationClient.class) {
      return env.orchestrations();
    }
    return env;
  }
}
