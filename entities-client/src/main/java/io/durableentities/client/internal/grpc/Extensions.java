package io.durableentities.client.internal.grpc;

import io.durableentities.client.WorkerExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the providers behind {@link WorkerExtension}s and client extension types, with {@link
 * ServiceLoader} on the class loader of the extension's class.
 */
public final class Extensions {

  private Extensions() {}

  /**
   * Binds a worker extension to its provider.
   *
   * @param extension the extension
   * @return creates the extension's handlers when the worker starts
   * @throws IllegalArgumentException if no provider runs the extension's type, or several do
   */
  public static Function<WorkerContext, List<WorkItemHandler>> bind(WorkerExtension extension) {
    WorkerExtensionProvider<?> provider = provider(extension);
    return context -> createHandlers(provider, extension, context);
  }

  /**
   * Returns the version that the registered extensions give orchestrations started without one by
   * the worker's entities ({@link WorkerExtensionProvider#defaultOrchestrationVersion}).
   *
   * @param registered the extensions registered on the worker
   * @return the version, or null for none
   * @throws IllegalArgumentException if two extensions give different versions
   */
  public static String defaultOrchestrationVersion(List<WorkerExtension> registered) {
    Set<String> versions = new LinkedHashSet<>();
    for (WorkerExtension extension : registered) {
      String version = defaultVersion(provider(extension), extension);
      if (version != null) {
        versions.add(version);
      }
    }
    if (versions.size() > 1) {
      throw new IllegalArgumentException(
          "The worker's extensions give orchestrations different default versions "
              + versions
              + "; the orchestrations its entities start without a version can have only one:"
              + " give every OrchestrationWorker the same OrchestrationVersioning defaultVersion");
    }
    return versions.isEmpty() ? null : versions.iterator().next();
  }

  private static <E extends WorkerExtension> String defaultVersion(
      WorkerExtensionProvider<E> provider, WorkerExtension extension) {
    return provider.defaultOrchestrationVersion(provider.extensionType().cast(extension));
  }

  private static WorkerExtensionProvider<?> provider(WorkerExtension extension) {
    Objects.requireNonNull(extension, "extension");
    Class<?> type = extension.getClass();
    List<WorkerExtensionProvider<?>> providers =
        ServiceLoader.load(WorkerExtensionProvider.class, type.getClassLoader()).stream()
            .<WorkerExtensionProvider<?>>map(ServiceLoader.Provider::get)
            .filter(provider -> provider.extensionType().isAssignableFrom(type))
            .toList();
    WorkerExtensionProvider<?> provider =
        single(
            providers,
            "WorkerExtension " + type.getName(),
            WorkerExtensionProvider.class,
            "WorkerExtension is implemented by Durable Entities modules only (such as"
                + " OrchestrationWorker of io.durableentities:orchestration-bridge); pass one of"
                + " theirs");
    return provider;
  }

  /**
   * Returns the provider of a client extension type.
   *
   * @param type the type, such as {@code OrchestrationClient}
   * @param <T> the type
   * @return its provider
   * @throws IllegalArgumentException if no provider adds that type, or several do
   */
  public static <T> ClientExtensionProvider<T> clientProvider(Class<T> type) {
    Objects.requireNonNull(type, "type");
    List<ClientExtensionProvider<?>> providers = clientProviders(type);
    @SuppressWarnings("unchecked") // extensionType() == type
    ClientExtensionProvider<T> provider =
        (ClientExtensionProvider<T>)
            single(
                providers,
                "client extension " + type.getName(),
                ClientExtensionProvider.class,
                "only types that Durable Entities modules add to clients (such as"
                    + " OrchestrationClient of io.durableentities:orchestration-bridge) can be"
                    + " asked for");
    return provider;
  }

  /**
   * Finds the provider of a client extension type, if a module on the class path adds it.
   *
   * @param type the type
   * @param <T> the type
   * @return its provider, or empty when no module adds it
   * @throws IllegalArgumentException if several do
   */
  public static <T> Optional<ClientExtensionProvider<T>> findClientProvider(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return clientProviders(type).isEmpty() ? Optional.empty() : Optional.of(clientProvider(type));
  }

  private static List<ClientExtensionProvider<?>> clientProviders(Class<?> type) {
    return ServiceLoader.load(ClientExtensionProvider.class, type.getClassLoader()).stream()
        .<ClientExtensionProvider<?>>map(ServiceLoader.Provider::get)
        .filter(provider -> provider.extensionType() == type)
        .toList();
  }

  /**
   * Returns the extensions that every worker runs unless one of the same type was registered
   * ({@link WorkerExtensionProvider#implicitExtension()}), bound to their providers.
   *
   * @param registered the extensions registered on the worker
   * @return the implicit extensions' handler factories
   */
  public static List<Function<WorkerContext, List<WorkItemHandler>>> implicit(
      List<WorkerExtension> registered) {
    List<Function<WorkerContext, List<WorkItemHandler>>> implicit = new ArrayList<>();
    for (WorkerExtensionProvider<?> provider : workerProviders()) {
      WorkerExtension extension = provider.implicitExtension();
      if (extension != null
          && registered.stream().noneMatch(provider.extensionType()::isInstance)) {
        implicit.add(context -> createHandlers(provider, extension, context));
      }
    }
    return implicit;
  }

  /** The worker extension providers visible to this module and to the thread's class loader. */
  private static List<WorkerExtensionProvider<?>> workerProviders() {
    Map<Class<?>, WorkerExtensionProvider<?>> byClass = new LinkedHashMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : new ClassLoader[] {Extensions.class.getClassLoader(), context}) {
      if (loader == null) {
        continue;
      }
      ServiceLoader.load(WorkerExtensionProvider.class, loader).stream()
          .<WorkerExtensionProvider<?>>map(ServiceLoader.Provider::get)
          .forEach(provider -> byClass.putIfAbsent(provider.getClass(), provider));
    }
    return List.copyOf(byClass.values());
  }

  private static <E extends WorkerExtension> List<WorkItemHandler> createHandlers(
      WorkerExtensionProvider<E> provider, WorkerExtension extension, WorkerContext context) {
    List<WorkItemHandler> handlers =
        provider.createHandlers(provider.extensionType().cast(extension), context);
    if (handlers == null || handlers.isEmpty() || handlers.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "WorkerExtensionProvider "
              + provider.getClass().getName()
              + " returned no handler (or a null one) for "
              + extension.getClass().getName()
              + "; return at least one");
    }
    return handlers;
  }

  private static <P> P single(List<P> providers, String what, Class<?> spi, String fix) {
    if (providers.size() == 1) {
      return providers.get(0);
    }
    String file = "META-INF/services/" + spi.getName();
    if (providers.isEmpty()) {
      throw new IllegalArgumentException(
          "No provider runs "
              + what
              + ": no "
              + file
              + " on the class path names one. "
              + fix
              + "; if the module is there, keep its service files when repackaging (for a shaded"
              + " jar, the ServicesResourceTransformer)");
    }
    throw new IllegalArgumentException(
        "Several providers run "
            + what
            + ": "
            + providers.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
            + "; keep one version of each io.durableentities module on the class path");
  }
}
