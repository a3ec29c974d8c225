package io.durableentities.benchmarks.proxy;

import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.proxy.ByteBuddyEntityProxyFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm proxy class generation (performance bar C5, issue #6): the steady-state cost of the first
 * proxy of an interface nothing has cached (interface metadata, class generation, definition, first
 * instance), after the generator has warmed up. Each invocation gets a new interface made with
 * ByteBuddy outside the measured region, defined either in one long-lived loader (no class-loader
 * cost: what an application pays per entity interface) or in a new loader of its own (adds the
 * per-loader cost the single-shot figure of {@link ProxyDispatchBenchmark} includes). The JDK
 * {@code Proxy} with the same handler logic runs in the same harness.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ProxyGenerationBenchmark -f 2 -wi 5 -i 5 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ProxyGenerationBenchmark {

  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final EntityInvoker invoker = new SinkInvoker(null);

  /** A new interface per invocation, all in one loader created per trial. */
  @State(Scope.Thread)
  public static class SharedLoader {

    GeneratedInterfaces.Loader loader;
    Class<?> type;

    /** One loader for the whole run. */
    @Setup(Level.Trial)
    public void createLoader() {
      loader = new GeneratedInterfaces.Loader();
    }

    /** Defines the next interface (not measured). */
    @Setup(Level.Invocation)
    public void next() {
      type = loader.define(GeneratedInterfaces.next());
    }
  }

  /** A new interface per invocation, each in a new loader. */
  @State(Scope.Thread)
  public static class FreshLoader {

    Class<?> type;

    /** Defines the next interface in a new loader (not measured). */
    @Setup(Level.Invocation)
    public void next() {
      type = new GeneratedInterfaces.Loader().define(GeneratedInterfaces.next());
    }
  }

  /** ByteBuddy proxy of a new interface, loader already in use. */
  @Benchmark
  public Object generate_sharedLoader_generated(SharedLoader state) {
    return factory.createProxy(state.type, invoker);
  }

  /** JDK proxy of a new interface, loader already in use. */
  @Benchmark
  public Object generate_sharedLoader_jdkProxy(SharedLoader state) {
    return JdkProxies.create(state.type, invoker);
  }

  /** ByteBuddy proxy of a new interface in a new loader. */
  @Benchmark
  public Object generate_freshLoader_generated(FreshLoader state) {
    return factory.createProxy(state.type, invoker);
  }

  /** JDK proxy of a new interface in a new loader. */
  @Benchmark
  public Object generate_freshLoader_jdkProxy(FreshLoader state) {
    return JdkProxies.create(state.type, invoker);
  }
}
