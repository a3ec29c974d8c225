package io.durableentities.consumers.versions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A list of resolved artifacts as {@code maven-dependency-plugin:list} writes it ({@code
 * group:artifact:type[:classifier]:version:scope}, one a line), as artifact key to version.
 */
public final class ResolvedVersions {

  private ResolvedVersions() {}

  /**
   * Reads a list.
   *
   * @param file the list
   * @return {@code group:artifact[:classifier]} to version, sorted
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if a line has not that form
   */
  public static Map<String, String> read(Path file) {
    Map<String, String> versions = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("The following files have been resolved")) {
          continue;
        }
        String coordinates = trimmed.split("\\s+", 2)[0];
        String[] parts = coordinates.split(":");
        if (parts.length != 5 && parts.length != 6) {
          throw new IllegalArgumentException(
              file + ": '" + line + "' is not group:artifact:type[:classifier]:version:scope");
        }
        String key = parts[0] + ":" + parts[1] + (parts.length == 6 ? ":" + parts[3] : "");
        versions.put(key, parts[parts.length - 2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the resolved versions in " + file, e);
    }
    return versions;
  }
}
