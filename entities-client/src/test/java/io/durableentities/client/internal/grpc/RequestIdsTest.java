package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void next_isAVersion4UuidInStandardForm_andDoesNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.next();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(seen.add(id)).as("unique: %s", id).isTrue();
    }
  }

  @Test
  void next_neverRepeats_acrossConcurrentThreads() throws InterruptedException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  String id = RequestIds.next();
                  if (!seen.add(id)) {
                    synchronized (duplicates) {
                      duplicates.add(id);
                    }
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(8 * 20_000);
  }
}
