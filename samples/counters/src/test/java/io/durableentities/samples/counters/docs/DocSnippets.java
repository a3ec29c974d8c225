package io.durableentities.samples.counters.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the code in the docs compiled: every fenced Java block in {@code README.md} and {@code
 * docs/*.md} must be preceded by a marker naming a region of a compiled source file,
 *
 * <pre>
 * &lt;!-- snippet: samples/counters/src/main/java/.../CountersApp.java#host --&gt;
 * ```java
 * ...the region, de-indented...
 * ```
 * </pre>
 *
 * and the block must equal that region: the lines between {@code // docs:start host} and {@code //
 * docs:end host} in the file (paths relative to the repository root), without other markers, with
 * their common indentation removed. {@link #update} rewrites the blocks from the regions.
 */
final class DocSnippets {

  private static final Pattern MARKER =
      Pattern.compile("^<!-- snippet: (?<path>[^#\\s]+)#(?<region>[\\w.-]+) -->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^```(?<lang>\\S*)\\s*$");
  private static final Pattern REGION_MARK =
      Pattern.compile("^\\s*// docs:(?<kind>start|end) (?<name>[\\w.-]+)\\s*$");

  private final Path root;

  DocSnippets(Path root) {
    this.root = root;
  }

  /**
   * Finds the repository root: the nearest directory, from the working directory up, with {@code
   * docs/README.md} and {@code pom.xml}.
   */
  static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("docs/README.md"))
          && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (with docs/README.md) above " + dir);
  }

  /** The documents checked: README.md and every .md file under docs/. */
  List<Path> documents() {
    List<Path> docs = new ArrayList<>();
    docs.add(root.resolve("README.md"));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /**
   * Checks one document.
   *
   * @param doc the document
   * @return one line per problem, each naming the document, the line and the region; empty when
   *     every Java block matches its region
   */
  List<String> check(Path doc) {
    List<String> problems = new ArrayList<>();
    process(doc, read(doc), problems, null);
    return problems;
  }

  /**
   * Rewrites the blocks of one document from their regions.
   *
   * @param doc the document
   * @return the problems that cannot be fixed by rewriting (missing markers, files or regions)
   */
  List<String> update(Path doc) {
    List<String> problems = new ArrayList<>();
    List<String> lines = read(doc);
    List<String> updated = new ArrayList<>();
    process(doc, lines, problems, updated);
    if (!updated.equals(lines)) {
      try {
        Files.write(doc, updated, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return problems;
  }

  /**
   * Walks a document's fenced blocks. With {@code out}, copies the document into it with each
   * marked block replaced by its region, and reports only problems rewriting cannot fix.
   */
  void process(Path doc, List<String> lines, List<String> problems, List<String> out) {
    String name = root.relativize(doc).toString();
    String pendingPath = null;
    String pendingRegion = null;
    int markerLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher marker = MARKER.matcher(line);
      Matcher fence = FENCE.matcher(line);
      if (out != null) {
        out.add(line);
      }
      if (marker.matches()) {
        pendingPath = marker.group("path");
        pendingRegion = marker.group("region");
        markerLine = i + 1;
      } else if (fence.matches()) {
        int close = closingFence(lines, i);
        if (close < 0) {
          problems.add(name + ":" + (i + 1) + ": code block is never closed");
          return;
        }
        List<String> body = lines.subList(i + 1, close);
        String where = name + ":" + (i + 1);
        if (pendingPath != null) {
          String ref = pendingPath + "#" + pendingRegion;
          List<String> region = region(pendingPath, pendingRegion, where, problems);
          if (out != null) {
            out.addAll(region != null ? region : body);
          } else if (region != null && !region.equals(body)) {
            problems.add(
                where
                    + ": block differs from region "
                    + ref
                    + " (first difference at block line "
                    + (firstDifference(region, body) + 1)
                    + "); run the docs update (see docs/README.md)");
          }
        } else if (fence.group("lang").equals("java")) {
          problems.add(
              where
                  + ": java block without a '<!-- snippet: path#region -->' marker on the line"
                  + " before it");
          if (out != null) {
            out.addAll(body);
          }
        } else if (out != null) {
          out.addAll(body);
        }
        if (out != null) {
          out.add(lines.get(close));
        }
        i = close;
        pendingPath = null;
      } else if (pendingPath != null && !line.isBlank()) {
        problems.add(name + ":" + markerLine + ": snippet marker not followed by a code block");
        pendingPath = null;
      }
    }
  }

  /**
   * Reads a region of a source file, de-indented.
   *
   * @return the lines, or null (with a problem added) when the file or region is missing
   */
  List<String> region(String path, String name, String where, List<String> problems) {
    Path file = root.resolve(path);
    String ref = path + "#" + name;
    if (!Files.isRegularFile(file)) {
      problems.add(where + ": region " + ref + ": no such file");
      return null;
    }
    List<String> lines = read(file);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher mark = REGION_MARK.matcher(lines.get(i));
      if (mark.matches() && mark.group("name").equals(name)) {
        boolean isStart = mark.group("kind").equals("start");
        if ((isStart ? start : end) >= 0) {
          problems.add(where + ": region " + ref + ": marked twice");
          return null;
        }
        if (isStart) {
          start = i;
        } else {
          end = i;
        }
      }
    }
    if (start < 0 || end < start) {
      problems.add(
          where
              + ": region "
              + ref
              + ": needs '// docs:start "
              + name
              + "' then '// docs:end "
              + name
              + "'");
      return null;
    }
    List<String> body = new ArrayList<>();
    for (String line : lines.subList(start + 1, end)) {
      if (!REGION_MARK.matcher(line).matches()) {
        body.add(line.stripTrailing());
      }
    }
    return dedent(body);
  }

  static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    int cut = indent == Integer.MAX_VALUE ? 0 : indent;
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(cut)).toList();
  }

  private static int closingFence(List<String> lines, int open) {
    for (int i = open + 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```")) {
        return i;
      }
    }
    return -1;
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
