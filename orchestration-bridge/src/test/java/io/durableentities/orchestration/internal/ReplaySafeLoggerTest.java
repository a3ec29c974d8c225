package io.durableentities.orchestration.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ReplaySafeLoggerTest {

  @Test
  void wrap_dropsOutputWhileReplaying_andDelegatesOtherwise() {
    List<String> logged = new ArrayList<>();
    Logger recording =
        (Logger)
            Proxy.newProxyInstance(
                Logger.class.getClassLoader(),
                new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("info")) {
                    logged.add(String.valueOf(args[0]));
                  }
                  return method.getReturnType() == boolean.class ? true : null;
                });
    AtomicBoolean replaying = new AtomicBoolean(true);
    Logger logger = ReplaySafeLogger.wrap(recording, replaying::get);

    logger.info("during replay");
    boolean enabledWhileReplaying = logger.isInfoEnabled();
    replaying.set(false);
    logger.info("live");

    assertThat(logged).containsExactly("live");
    assertThat(enabledWhileReplaying).isFalse();
    assertThat(logger.isInfoEnabled()).isTrue();
  }
}
