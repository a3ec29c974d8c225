package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityProxiesTest {

  interface Counter {
    void add(long amount);
  }

  interface Broken {
    void transfer(String to, long amount);
  }

  @Test
  void create_withoutProxyModule_throwsNamingDependencyAndInterface() {
    assertThatThrownBy(() -> EntityProxies.create(Counter.class, (operation, input) -> null))
        .isInstanceOf(EntityException.class)
        .hasMessage(
            "No EntityProxyFactory on the classpath: add the dependency"
                + " io.durableentities:entities-proxy to use typed proxies for Counter");
  }

  @Test
  void record_withoutProxyModule_throwsNamingDependencyAndInterface() {
    assertThatThrownBy(() -> EntityProxies.record(Counter.class, counter -> counter.add(1)))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("io.durableentities:entities-proxy")
        .hasMessageContaining("for Counter");
  }

  @Test
  void create_invalidInterface_reportsDefinitionErrorFirst() {
    assertThatThrownBy(() -> EntityProxies.create(Broken.class, (operation, input) -> null))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("wrap them in a record");
  }

  @Test
  void create_nullArguments_throwNullPointerException() {
    assertThatThrownBy(() -> EntityProxies.create(null, (operation, input) -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("entityInterface");
    assertThatThrownBy(() -> EntityProxies.create(Counter.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("invoker");
  }
}
