package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class ProxyClassCacheTest {

  public interface Account {
    void deposit(long cents);
  }

  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final RecordingInvoker invoker = new RecordingInvoker();

  @Test
  void proxyClass_sameInterfaceAndLoader_isGeneratedOnce() {
    Account first = factory.createProxy(Account.class, invoker);
    Account second = new ByteBuddyEntityProxyFactory().createProxy(Account.class, invoker);

    assertThat(second.getClass()).isSameAs(first.getClass());
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void proxyClass_recordingAndCalling_shareTheClass() {
    Account proxy = factory.createProxy(Account.class, invoker);
    List<Class<?>> recorded = new ArrayList<>();

    factory.record(
        Account.class,
        a -> {
          recorded.add(a.getClass());
          a.deposit(1);
        });

    assertThat(recorded).containsExactly(proxy.getClass());
  }

  @Test
  void proxyClass_differentLoaders_getDifferentClasses() {
    Class<?> first = IsolatedLoader.copy(IsolatedCounter.class);
    Class<?> second = IsolatedLoader.copy(IsolatedCounter.class);

    Object firstProxy = factory.createProxy(first, invoker);
    Object secondProxy = factory.createProxy(second, invoker);

    assertThat(firstProxy.getClass()).isNotSameAs(secondProxy.getClass());
    assertThat(firstProxy.getClass().getClassLoader()).isSameAs(first.getClassLoader());
    assertThat(secondProxy.getClass().getClassLoader()).isSameAs(second.getClassLoader());
    assertThat(firstProxy).isNotEqualTo(secondProxy);
  }

  @Test
  void proxyClass_concurrentFirstUse_allThreadsGetTheSameClass() throws Exception {
    Class<?> fresh = IsolatedLoader.copy(IsolatedCounter.class);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Class<?>>> classes = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        classes.add(
            pool.submit(
                () -> {
                  start.await();
                  return factory.createProxy(fresh, invoker).getClass();
                }));
      }
      start.countDown();
      Set<Class<?>> distinct = new HashSet<>();
      for (Future<Class<?>> future : classes) {
        distinct.add(future.get(30, TimeUnit.SECONDS));
      }

      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void proxyClass_doesNotKeepTheInterfaceLoaderAlive() throws Exception {
    WeakReference<ClassLoader> withProxy = loaderAfterProxyUse(true);
    WeakReference<ClassLoader> control = loaderAfterProxyUse(false);

    assumeTrue(collected(control), "this JVM did not unload a throwaway class loader");
    awaitCollected("the loader of an interface with a proxy class is collected", withProxy);
  }

  @Test
  void proxyClass_ownLoaderFallback_doesNotKeepTheInterfaceLoaderAlive() throws Exception {
    WeakReference<ClassLoader> withProxy = loaderAfterFallbackProxyUse();
    WeakReference<ClassLoader> control = loaderAfterProxyUse(false);

    assumeTrue(collected(control), "this JVM did not unload a throwaway class loader");
    awaitCollected("the loader of an interface with a proxy class is collected", withProxy);
  }

  private WeakReference<ClassLoader> loaderAfterProxyUse(boolean useProxy) throws Exception {
    Class<?> type = IsolatedLoader.copy(IsolatedCounter.class);
    if (useProxy) {
      Object proxy = factory.createProxy(type, new RecordingInvoker());
      type.getMethod("add", long.class).invoke(proxy, 5L);
      assertThat(proxy.toString()).isEqualTo("IsolatedCounter proxy for target");
    }
    return new WeakReference<>(type.getClassLoader());
  }

  private WeakReference<ClassLoader> loaderAfterFallbackProxyUse() throws Exception {
    Class<?> type =
        IsolatedLoader.copy(IsolatedCounter.class, ClassLoader.getPlatformClassLoader());
    Object proxy = factory.createProxy(type, new RecordingInvoker());
    type.getMethod("add", long.class).invoke(proxy, 5L);
    assertThat(proxy.getClass().getClassLoader()).isNotSameAs(type.getClassLoader());
    return new WeakReference<>(type.getClassLoader());
  }

  /** Whether the collector clears a reference within the deadline. */
  private static boolean collected(WeakReference<?> reference) {
    try {
      awaitCollected("the control loader is collected", reference);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** Runs the collector, with some garbage to make it work, until a reference is cleared. */
  private static void awaitCollected(String what, WeakReference<?> reference) {
    await(what)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              byte[][] garbage = new byte[64][];
              for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[64 * 1024];
              }
              return reference.get() == null;
            });
  }
}
