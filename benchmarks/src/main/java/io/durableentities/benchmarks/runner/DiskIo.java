package io.durableentities.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's block-layer writes, from {@code /proc/self/io}. */
final class DiskIo {

  private static final Path PROC_IO = Path.of("/proc/self/io");

  private DiskIo() {}

  /**
   * The bytes this process caused to be written to storage so far ({@code write_bytes}, WAL and
   * checkpoints included), or -1 when the kernel does not report it.
   */
  static long writeBytes() {
    try {
      for (String line : Files.readAllLines(PROC_IO)) {
        if (line.startsWith("write_bytes:")) {
          return Long.parseLong(line.substring("write_bytes:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
