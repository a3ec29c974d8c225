package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityProxies;
import io.durableentities.core.InvalidEntityInterfaceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyErrorsTest {

  public interface TwoInputs {
    void transfer(String to, long cents);
  }

  public sealed interface Shape permits Circle {
    double area();
  }

  public record Circle(double r) implements Shape {
    @Override
    public double area() {
      return Math.PI * r * r;
    }
  }

  public interface Running extends Runnable {
    void open();
  }

  public interface RunningByDefault extends Runnable {
    void open();

    @Override
    default void run() {
      open();
    }
  }

  public interface Listing extends Comparable<String> {
    void add(String item);
  }

  private interface Secret {
    void whisper(String word);
  }

  interface PackagePrivate {
    void ping();
  }

  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final RecordingInvoker invoker = new RecordingInvoker();

  @Test
  void createProxy_class_throwsNotAnInterface() {
    assertThatThrownBy(() -> factory.createProxy(String.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("java.lang.String is not an interface")
        .hasMessageContaining("pass the interface");
  }

  @Test
  void createProxy_annotation_throwsNotAnInterface() {
    assertThatThrownBy(() -> factory.createProxy(Deprecated.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("java.lang.Deprecated is not an interface");
  }

  @Test
  void createProxy_interfaceBreakingMetadataRule_throwsMetadataError() {
    assertThatThrownBy(() -> factory.createProxy(TwoInputs.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("TwoInputs.transfer(String, long)")
        .hasMessageContaining("wrap them in a record");
  }

  @Test
  void createProxy_sealedInterface_throwsNamingFix() {
    assertThatThrownBy(() -> factory.createProxy(Shape.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessage(
            "Cannot create a proxy for entity interface"
                + " io.durableentities.proxy.ProxyErrorsTest$Shape: it is sealed, so only its"
                + " permitted subclasses may implement it; remove 'sealed' and 'permits' from the"
                + " interface");
  }

  @Test
  void createProxy_abstractPlatformMethod_throwsNamingMethodAndFix() {
    assertThatThrownBy(() -> factory.createProxy(Running.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessage(
            "Cannot create a proxy for entity interface"
                + " io.durableentities.proxy.ProxyErrorsTest$Running: it inherits the abstract"
                + " method java.lang.Runnable.run, which is not an entity operation (methods of"
                + " java.* and javax.* interfaces are not operations), so the proxy could not"
                + " implement it; remove java.lang.Runnable from the super-interfaces of Running,"
                + " or implement run as a default method in Running");
    assertThatThrownBy(() -> factory.createProxy(Listing.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("java.lang.Comparable.compareTo");
  }

  @Test
  void createProxy_platformMethodWithDefault_isAccepted() {
    RunningByDefault proxy = factory.createProxy(RunningByDefault.class, invoker);

    proxy.run();

    assertThat(invoker.calls).extracting(c -> c.operation().name()).containsExactly("open");
  }

  @Test
  void createProxy_privateAndPackagePrivateInterfaces_work() {
    factory.createProxy(Secret.class, invoker).whisper("psst");
    factory.createProxy(PackagePrivate.class, invoker).ping();

    assertThat(invoker.calls)
        .extracting(c -> c.operation().name())
        .containsExactly("whisper", "ping");
  }

  @Test
  void createProxy_nonPublicInterfaceInLoaderWithoutCore_throwsNamingFix() {
    Class<?> isolated =
        IsolatedLoader.copy(PackagePrivate.class, ClassLoader.getPlatformClassLoader());

    assertThatThrownBy(() -> factory.createProxy(isolated, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessage(
            "Cannot create a proxy for entity interface"
                + " io.durableentities.proxy.ProxyErrorsTest$PackagePrivate: it"
                + " io.durableentities.proxy.ProxyErrorsTest$PackagePrivate is not public, and"
                + " entities-proxy cannot define classes in package 'io.durableentities.proxy'"
                + " (its module does not open the package to entities-proxy, or its class loader"
                + " does not see entities-core); make the types public, or open the package (in"
                + " module-info.java: opens io.durableentities.proxy;)");
  }

  @Test
  void createProxy_publicInterfaceInLoaderWithoutCore_usesOwnLoader() throws Exception {
    Class<?> isolated =
        IsolatedLoader.copy(IsolatedCounter.class, ClassLoader.getPlatformClassLoader());
    invoker.answer("names", List.of("a"));

    Object proxy = factory.createProxy(isolated, invoker);

    assertThat(proxy).isInstanceOf(isolated);
    assertThat(proxy.getClass().getClassLoader()).isNotSameAs(isolated.getClassLoader());
    assertThat(proxy).hasToString("IsolatedCounter proxy for target");
    assertThat(proxy.getClass().getMethod("names").invoke(proxy)).isEqualTo(List.of("a"));
  }

  @Test
  void createProxy_platformInterfaceWithoutOperations_getsClassOutsideJavaPackages() {
    java.io.Serializable proxy = factory.createProxy(java.io.Serializable.class, invoker);

    assertThat(proxy.getClass().getName())
        .startsWith("io.durableentities.proxy.generated.java.io.Serializable$DurableEntityProxy$");
    assertThat(proxy).hasToString("Serializable proxy for target");
  }

  @Test
  void createProxy_errorRepeats_onEveryAttempt() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> factory.createProxy(Shape.class, invoker))
          .isInstanceOf(InvalidEntityInterfaceException.class);
    }
  }

  @Test
  void createProxy_throughEntityProxies_reportsSameErrors() {
    assertThatThrownBy(() -> EntityProxies.create(Shape.class, invoker))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("it is sealed");
  }

  @Test
  void createProxy_nullArguments_throwNullPointerException() {
    assertThatThrownBy(() -> factory.createProxy(null, invoker))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("entityInterface");
    assertThatThrownBy(() -> factory.createProxy(PackagePrivate.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("invoker");
    assertThatThrownBy(() -> factory.record(PackagePrivate.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("call");
  }
}
