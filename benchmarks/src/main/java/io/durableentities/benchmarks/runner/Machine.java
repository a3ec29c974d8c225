package io.durableentities.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A description of the machine a run is on, for the report. */
final class Machine {

  private Machine() {}

  /** Cores, CPU, memory, JDK, OS, the file system of the data directories, load average. */
  static Map<String, String> describe(Path scratch) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    m.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      var store = Files.getFileStore(scratch);
      m.put("dataFileSystem", store.type() + " on " + store.name() + " (" + scratch + ")");
    } catch (IOException e) {
      m.put("dataFileSystem", "unknown (" + e.getMessage() + ")");
    }
    m.put("loadAverageAtStart", loadAverage());
    return m;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
