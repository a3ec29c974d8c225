package io.durableentities.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.JacksonDataConverter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The orchestrations and activities a worker runs, by name, and the {@link DataConverter} for their
 * inputs and outputs. Immutable; build it once and hand it to the worker.
 *
 * <pre>{@code
 * Orchestrations registry = Orchestrations.newBuilder()
 *     .orchestration(new Transfer())                    // named by @OrchestrationName or class
 *     .orchestration("Audit", Audit::new)               // a new instance per execution
 *     .activity("Notify", ctx -> "sent to " + ctx.input(String.class))
 *     .build();
 * }</pre>
 *
 * <p>A registered <em>instance</em> is shared by all executions, possibly concurrently, so it must
 * keep no per-execution state; register a factory ({@code Audit::new}) otherwise. Names are unique
 * ignoring case; lookups try the exact name first, then ignore case.
 */
public final class Orchestrations {

  private final Map<String, Supplier<? extends Orchestration>> orchestrations;
  private final Map<String, Supplier<? extends Activity>> activities;
  private final DataConverter dataConverter;

  private Orchestrations(Builder builder) {
    this.orchestrations = Collections.unmodifiableMap(new TreeMap<>(builder.orchestrations));
    this.activities = Collections.unmodifiableMap(new TreeMap<>(builder.activities));
    this.dataConverter = builder.dataConverter;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Registers orchestration instances under their names ({@link OrchestrationName} or the class
   * simple name).
   *
   * @param orchestrations the orchestrations
   * @return the registry
   */
  public static Orchestrations of(Orchestration... orchestrations) {
    Builder builder = newBuilder();
    for (Orchestration orchestration : orchestrations) {
      builder.orchestration(orchestration);
    }
    return builder.build();
  }

  /**
   * Returns the registered orchestration names.
   *
   * @return the names, sorted
   */
  public Set<String> orchestrationNames() {
    return orchestrations.keySet();
  }

  /**
   * Returns the registered activity names.
   *
   * @return the names, sorted
   */
  public Set<String> activityNames() {
    return activities.keySet();
  }

  /**
   * Returns the converter for inputs, outputs, event payloads and custom status.
   *
   * @return the data converter
   */
  public DataConverter dataConverter() {
    return dataConverter;
  }

  /**
   * Returns the orchestration to run for a name: a new instance from its factory, or the registered
   * instance.
   *
   * @param name the orchestration name; exact match first, then ignoring case
   * @return the orchestration, or empty when none is registered under that name
   */
  public Optional<Orchestration> orchestration(String name) {
    return lookup(orchestrations, name).map(Supplier::get);
  }

  /**
   * Returns the activity to run for a name: a new instance from its factory, or the registered
   * instance.
   *
   * @param name the activity name; exact match first, then ignoring case
   * @return the activity, or empty when none is registered under that name
   */
  public Optional<Activity> activity(String name) {
    return lookup(activities, name).map(Supplier::get);
  }

  /**
   * Returns a builder holding this registry's registrations and data converter, to derive another
   * registry.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.orchestrations.putAll(orchestrations);
    builder.activities.putAll(activities);
    builder.dataConverter = dataConverter;
    return builder;
  }

  @Override
  public String toString() {
    return "Orchestrations[orchestrations="
        + orchestrations.keySet()
        + ", activities="
        + activities.keySet()
        + "]";
  }

  private static <T> Optional<Supplier<? extends T>> lookup(
      Map<String, Supplier<? extends T>> map, String name) {
    Objects.requireNonNull(name, "name");
    Supplier<? extends T> exact = map.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    return map.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .<Supplier<? extends T>>map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * Returns the name an orchestration class is registered and started by: its {@link
   * OrchestrationName}, else its simple name. {@code client.scheduleNew(Transfer.class, input)}
   * starts it by this name.
   *
   * @param type the orchestration class
   * @return the name
   * @throws IllegalArgumentException if the class is a lambda or anonymous class
   */
  public static String orchestrationName(Class<? extends Orchestration> type) {
    Objects.requireNonNull(type, "type");
    return Builder.nameOf(type, OrchestrationName.class, OrchestrationName::value);
  }

  /** Builds {@link Orchestrations}; registrations are checked as they are made. */
  public static final class Builder {

    private final Map<String, Supplier<? extends Orchestration>> orchestrations = new TreeMap<>();
    private final Map<String, Supplier<? extends Activity>> activities = new TreeMap<>();
    private DataConverter dataConverter = JacksonDataConverter.defaultInstance();

    private Builder() {}

    /**
     * Registers an orchestration instance under its {@link OrchestrationName} or class simple name.
     * The instance is shared by all executions.
     *
     * @param orchestration the orchestration
     * @return this builder
     * @throws IllegalArgumentException if the name cannot be derived (lambdas, anonymous classes)
     *     or is already registered
     */
    public Builder orchestration(Orchestration orchestration) {
      Objects.requireNonNull(orchestration, "orchestration");
      return orchestration(
          nameOf(orchestration.getClass(), OrchestrationName.class, OrchestrationName::value),
          orchestration);
    }

    /**
     * Registers an orchestration instance under a name. The instance is shared by all executions.
     *
     * @param name the name
     * @param orchestration the orchestration
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already registered
     */
    public Builder orchestration(String name, Orchestration orchestration) {
      Objects.requireNonNull(orchestration, "orchestration");
      return orchestration(name, () -> orchestration);
    }

    /**
     * Registers an orchestration factory under a name; each execution gets a new instance.
     *
     * @param name the name
     * @param factory makes an orchestration
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already registered
     */
    public Builder orchestration(String name, Supplier<? extends Orchestration> factory) {
      put(orchestrations, "orchestration", name, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Registers an orchestration class (with a public no-arg constructor) under its {@link
     * OrchestrationName} or simple name; each execution gets a new instance.
     *
     * @param type the orchestration class
     * @return this builder
     */
    public Builder orchestration(Class<? extends Orchestration> type) {
      return orchestration(
          nameOf(type, OrchestrationName.class, OrchestrationName::value), factoryOf(type));
    }

    /**
     * Registers an orchestration class under its {@link OrchestrationName} or simple name, with its
     * instances made by a factory (for orchestrations with constructor arguments, or made by a
     * dependency-injection container); the factory is called once per execution.
     *
     * @param type the orchestration class
     * @param factory makes an orchestration of that class
     * @param <T> the orchestration type
     * @return this builder
     * @throws IllegalArgumentException if the name cannot be derived or is already registered
     */
    public <T extends Orchestration> Builder orchestration(
        Class<T> type, Supplier<? extends T> factory) {
      Objects.requireNonNull(type, "type");
      return orchestration(
          nameOf(type, OrchestrationName.class, OrchestrationName::value),
          Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Registers an activity instance under its {@link ActivityName} or class simple name.
     *
     * @param activity the activity
     * @return this builder
     * @throws IllegalArgumentException if the name cannot be derived or is already registered
     */
    public Builder activity(Activity activity) {
      Objects.requireNonNull(activity, "activity");
      return activity(
          nameOf(activity.getClass(), ActivityName.class, ActivityName::value), activity);
    }

    /**
     * Registers an activity instance under a name. The instance is shared by all executions.
     *
     * @param name the name
     * @param activity the activity
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already registered
     */
    public Builder activity(String name, Activity activity) {
      Objects.requireNonNull(activity, "activity");
      return activity(name, () -> activity);
    }

    /**
     * Registers an activity factory under a name; each execution gets a new instance.
     *
     * @param name the name
     * @param factory makes an activity
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already registered
     */
    public Builder activity(String name, Supplier<? extends Activity> factory) {
      put(activities, "activity", name, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Registers an activity class (with a public no-arg constructor) under its {@link ActivityName}
     * or simple name; each execution gets a new instance.
     *
     * @param type the activity class
     * @return this builder
     */
    public Builder activity(Class<? extends Activity> type) {
      return activity(nameOf(type, ActivityName.class, ActivityName::value), factoryOf(type));
    }

    /**
     * Registers an activity class under its {@link ActivityName} or simple name, with its instances
     * made by a factory (for activities with constructor arguments, or made by a
     * dependency-injection container); the factory is called once per execution.
     *
     * @param type the activity class
     * @param factory makes an activity of that class
     * @param <T> the activity type
     * @return this builder
     * @throws IllegalArgumentException if the name cannot be derived or is already registered
     */
    public <T extends Activity> Builder activity(Class<T> type, Supplier<? extends T> factory) {
      Objects.requireNonNull(type, "type");
      return activity(
          nameOf(type, ActivityName.class, ActivityName::value),
          Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Sets the converter for inputs, outputs, event payloads and custom status; by default {@link
     * JacksonDataConverter#defaultInstance()}.
     *
     * @param dataConverter the converter
     * @return this builder
     */
    public Builder dataConverter(DataConverter dataConverter) {
      this.dataConverter = Objects.requireNonNull(dataConverter, "dataConverter");
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     */
    public Orchestrations build() {
      return new Orchestrations(this);
    }

    private static <T> void put(
        Map<String, Supplier<? extends T>> map,
        String kind,
        String name,
        Supplier<? extends T> factory) {
      Objects.requireNonNull(name, kind + " name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("An " + kind + " name must not be blank");
      }
      for (String existing : map.keySet()) {
        if (existing.equalsIgnoreCase(name)) {
          throw new IllegalArgumentException(
              "An "
                  + kind
                  + " named '"
                  + existing
                  + "' is already registered; "
                  + kind
                  + " names are unique ignoring case, so '"
                  + name
                  + "' cannot be added. Give one of them another name");
        }
      }
      map.put(name, factory);
    }

    private static <A extends Annotation> String nameOf(
        Class<?> type, Class<A> annotation, Function<A, String> value) {
      A named = type.getAnnotation(annotation);
      if (named != null) {
        return value.apply(named);
      }
      String simple = type.getSimpleName();
      if (simple.isEmpty() || type.isSynthetic() || simple.contains("$$Lambda")) {
        throw new IllegalArgumentException(
            type.getName()
                + " is a lambda or anonymous class, so it has no name to register it by; pass"
                + " the name explicitly, e.g. .orchestration(\"Transfer\", ...) or"
                + " .activity(\"Notify\", ...), or annotate a named class with @"
                + annotation.getSimpleName());
      }
      return simple;
    }

    private static <T> Supplier<T> factoryOf(Class<T> type) {
      Constructor<T> constructor;
      try {
        constructor = type.getConstructor();
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(
            type.getName()
                + " has no public no-arg constructor; register an instance or a factory"
                + " (e.g. () -> new "
                + type.getSimpleName()
                + "(...)) instead",
            e);
      }
      return () -> {
        try {
          return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(
              "Could not create " + type.getName() + ": " + e.getMessage(), e);
        }
      };
    }
  }
}
