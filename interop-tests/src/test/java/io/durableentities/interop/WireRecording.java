package io.durableentities.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The requests one client and worker sent to a scheduler started with {@code --record-requests
 * FILE}, reduced to their shape: per RPC, which headers and which request fields were set (field
 * paths such as {@code actions[].sendEntityMessage.entityLockRequested.lockSet}), never their
 * values, which differ by nature (ids, times). Headers that the gRPC library adds for its transport
 * ({@code content-type}, encodings) are left out; {@code authorization} is kept with its scheme
 * ({@code authorization=Bearer}), the one part of its value that is shape.
 *
 * <p>Shared with {@code interop-tests-java-sdk} through the test jar, so it uses Jackson only,
 * which both modules have (each at its own version).
 */
public final class WireRecording {

  /** Headers every gRPC library sets for its transport, not for the service. */
  private static final Set<String> TRANSPORT_HEADERS =
      Set.of(
          "content-type",
          "te",
          "grpc-accept-encoding",
          "accept-encoding",
          "grpc-encoding",
          "grpc-timeout");

  private final SortedMap<String, SortedSet<String>> shapes;
  private final int requests;

  private WireRecording(SortedMap<String, SortedSet<String>> shapes, int requests) {
    this.shapes = shapes;
    this.requests = requests;
  }

  /**
   * Reads a recording.
   *
   * @param file the scheduler's {@code --record-requests} file
   * @return the shapes of its requests
   */
  public static WireRecording read(Path file) {
    ObjectMapper json = new ObjectMapper();
    SortedMap<String, SortedSet<String>> shapes = new TreeMap<>();
    int requests = 0;
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode request = json.readTree(line);
        SortedSet<String> shape =
            shapes.computeIfAbsent(request.get("rpc").asText(), rpc -> new TreeSet<>());
        for (Iterator<Map.Entry<String, JsonNode>> h = request.get("headers").fields();
            h.hasNext(); ) {
          Map.Entry<String, JsonNode> header = h.next();
          String name = header.getKey();
          if (TRANSPORT_HEADERS.contains(name)) {
            continue;
          }
          shape.add("header:" + name);
          if (name.equals("authorization")) {
            shape.add("header:authorization=" + header.getValue().asText().split(" ", 2)[0]);
          }
        }
        if (request.has("request")) {
          fields("", request.get("request"), shape);
        }
        requests++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the recording " + file, e);
    }
    return new WireRecording(shapes, requests);
  }

  /**
   * Returns the shape that {@code "RPC feature"} lines describe, as {@link #features()} prints it.
   *
   * @param features the lines
   * @return a recording of those features (with no requests)
   */
  public static WireRecording ofFeatures(SortedSet<String> features) {
    SortedMap<String, SortedSet<String>> shapes = new TreeMap<>();
    for (String line : features) {
      String[] rpcAndFeature = line.split(" ", 2);
      if (rpcAndFeature.length != 2) {
        throw new IllegalArgumentException("not an 'RPC feature' line: " + line);
      }
      shapes.computeIfAbsent(rpcAndFeature[0], rpc -> new TreeSet<>()).add(rpcAndFeature[1]);
    }
    return new WireRecording(shapes, 0);
  }

  private static void fields(String prefix, JsonNode node, SortedSet<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext(); ) {
        Map.Entry<String, JsonNode> field = f.next();
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        out.add(path);
        fields(path, field.getValue(), out);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (element.isObject()) {
          fields(prefix + "[]", element, out);
        }
      }
    }
  }

  /**
   * Returns the RPCs called.
   *
   * @return RPC names, sorted
   */
  public SortedSet<String> rpcs() {
    return new TreeSet<>(shapes.keySet());
  }

  /**
   * Returns what was set on an RPC: {@code header:NAME} and request field paths.
   *
   * @param rpc the RPC's name, e.g. {@code SignalEntity}
   * @return the features, empty when the RPC was never called
   */
  public SortedSet<String> shape(String rpc) {
    return shapes.getOrDefault(rpc, new TreeSet<>());
  }

  /**
   * Returns every feature as {@code "RPC feature"}, sorted.
   *
   * @return one string per RPC and feature
   */
  public SortedSet<String> features() {
    SortedSet<String> out = new TreeSet<>();
    shapes.forEach((rpc, shape) -> shape.forEach(f -> out.add(rpc + " " + f)));
    return out;
  }

  /**
   * Returns what {@code theirs} set on an RPC that both called and this recording did not, as
   * {@code "RPC feature"}, leaving out {@code known} differences (keys in the same form).
   *
   * @param theirs another SDK's recording of the same scenario
   * @param known differences that are expected, each with its reason
   * @return what is missing here, sorted
   */
  public List<String> missingFrom(WireRecording theirs, Map<String, String> known) {
    List<String> missing = new ArrayList<>();
    for (String rpc : theirs.rpcs()) {
      if (!shapes.containsKey(rpc)) {
        continue;
      }
      for (String feature : theirs.shape(rpc)) {
        String key = rpc + " " + feature;
        if (!shape(rpc).contains(feature) && !known.containsKey(key)) {
          missing.add(key);
        }
      }
    }
    return missing;
  }

  /**
   * Returns how many requests were recorded.
   *
   * @return the number of lines
   */
  public int requests() {
    return requests;
  }

  /**
   * Reads a test resource of {@code "RPC feature"} lines ({@code #} starts a comment line).
   *
   * @param resource the resource's absolute name, e.g. {@code /wire/our-client-and-worker.txt}
   * @return its lines, sorted
   */
  public static SortedSet<String> resourceLines(String resource) {
    try (InputStream in = WireRecording.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test class path");
      }
      SortedSet<String> lines = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.strip());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    shapes.forEach((rpc, shape) -> out.append(rpc).append(": ").append(shape).append('\n'));
    return out.toString();
  }
}
