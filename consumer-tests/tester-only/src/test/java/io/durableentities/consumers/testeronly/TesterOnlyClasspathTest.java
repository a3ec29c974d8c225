package io.durableentities.consumers.testeronly;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityTester;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A project that only unit-tests its entities gets no transport and no Azure: the class path of
 * this consumer (entities-core and entities-proxy, as a user declares them) holds no class of gRPC,
 * Netty, protobuf, Azure or their dependencies.
 */
class TesterOnlyClasspathTest {

  /** Class-name prefixes (as paths) that a tester-only consumer must not get. */
  private static final List<String> BANNED =
      List.of(
          "io/grpc/",
          "io/netty/",
          "com/google/protobuf/",
          "com/azure/",
          "com/microsoft/aad/",
          "reactor/",
          "com/sun/jna/",
          "io/durableentities/protocol/",
          "io/durableentities/client/");

  @Test
  void entityTester_runsTheEntity_withTypedProxies() {
    EntityTester<Long> tester = EntityTester.of(TallyEntity::new, "t1");

    tester.proxy(Tally.class).add(5);

    assertThat(tester.proxy(Tally.class).total()).isEqualTo(5L);
    assertThat(tester.state()).isEqualTo(5L);
  }

  @Test
  void classPath_holdsNoTransportOrAzureClass() {
    List<Path> entries =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .map(Path::of)
            .toList();
    List<String> classNames = new ArrayList<>();
    entries.forEach(entry -> classNames.addAll(classFiles(entry)));

    // The scan sees the real class path: the tester and this test are on it.
    assertThat(classNames)
        .contains(
            "io/durableentities/core/EntityTester.class",
            "io/durableentities/consumers/testeronly/TesterOnlyClasspathTest.class");
    List<String> banned =
        classNames.stream().filter(name -> BANNED.stream().anyMatch(name::startsWith)).toList();
    assertThat(banned)
        .as("classes of transport or Azure jars on a tester-only class path %s", entries)
        .isEmpty();
  }

  private static List<String> classFiles(Path entry) {
    try {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          return files
              .filter(file -> file.toString().endsWith(".class"))
              .map(file -> entry.relativize(file).toString().replace(File.separatorChar, '/'))
              .toList();
        }
      }
      if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
        try (JarFile jar = new JarFile(entry.toFile())) {
          return jar.stream()
              .map(jarEntry -> jarEntry.getName())
              .filter(name -> name.endsWith(".class"))
              .toList();
        }
      }
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read class path entry " + entry, e);
    }
  }
}
