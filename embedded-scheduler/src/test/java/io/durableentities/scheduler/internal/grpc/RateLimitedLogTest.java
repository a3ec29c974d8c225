package io.durableentities.scheduler.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<String> lines = new ArrayList<>();
  private final RateLimitedLog log =
      new RateLimitedLog(lines::add, Duration.ofSeconds(10), nanos::get);

  @Test
  void theFirstEventOfAKind_isWritten_andTheRestOfTheInterval_onlyCounted() {
    for (int i = 0; i < 1000; i++) {
      log.log("malformed", "bad request " + i);
    }

    assertThat(lines).containsExactly("bad request 0");
  }

  @Test
  void afterTheInterval_theNextLine_saysHowManyWereLeftOut() {
    log.log("malformed", "bad request 0");
    log.log("malformed", "bad request 1");
    log.log("malformed", "bad request 2");

    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    log.log("malformed", "bad request 3");
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    log.log("malformed", "bad request 4");

    assertThat(lines)
        .containsExactly(
            "bad request 0",
            "bad request 3 (2 more like it since the last such line were not logged)",
            "bad request 4");
  }

  @Test
  void kinds_areLimitedSeparately() {
    log.log("malformed", "bad request");
    log.log("unauthenticated", "no token");
    log.log("malformed", "bad request again");

    assertThat(lines).containsExactly("bad request", "no token");
  }
}
