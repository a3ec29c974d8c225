package io.durableentities.benchmarks.runner;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's results: printed as a table, written as {@code results.md} and {@code results.json}.
 *
 * @param command how the run was started
 * @param startedAt when (UTC, ISO-8601)
 * @param seconds how long it took
 * @param machine the machine description
 * @param options the options
 * @param results the machine limits first, then the scenarios
 */
public record Report(
    String command,
    String startedAt,
    double seconds,
    Map<String, String> machine,
    RunnerOptions options,
    List<ScenarioResult> results) {

  private static final String[] HEADER = {
    "scenario", "figure", "median", "range", "ratio", "ratio to", "target", "met"
  };

  /** The table rows, one per figure (and one per failed scenario). */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    for (ScenarioResult r : results) {
      if (r.error() != null) {
        rows.add(new String[] {r.id(), "FAILED: " + r.error(), "", "", "", "", "", ""});
      }
      for (Figure f : r.figures()) {
        rows.add(
            new String[] {
              r.id(),
              f.label(),
              format(f.value().median(), f.unit()),
              r.repetitions() > 1
                  ? format(f.value().min(), f.unit()) + " – " + format(f.value().max(), f.unit())
                  : "",
              f.ratio() == null
                  ? ""
                  : Double.isFinite(f.ratio())
                      ? String.format(Locale.ROOT, "%.2f", f.ratio())
                      : "n/a",
              f.ratioTo() == null ? "" : f.ratioTo(),
              f.target() == null ? "" : f.target(),
              f.met() == null ? "" : f.met() ? "yes" : "**no**"
            });
      }
    }
    return rows;
  }

  /** The console table, columns padded. */
  String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    rows.addAll(rows());
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(String.format("%-" + widths[i] + "s", row[i].replace("**", "")));
        out.append(i + 1 < row.length ? " | " : "\n");
      }
    }
    return out.toString();
  }

  /** The Markdown report: machine, command, table, then each scenario's setup and limits. */
  String markdown() {
    StringBuilder md = new StringBuilder("# Benchmark results\n\n");
    md.append("Command: `").append(command).append("`  \n");
    md.append("Started: ").append(startedAt);
    md.append(String.format(Locale.ROOT, ", took %.0f s  %n", seconds));
    md.append("Repetitions: ").append(options.repetitions()).append(", warm-up ");
    md.append(options.warmup().toMillis() / 1000.0).append(" s (then up to ");
    md.append(options.jitWait().toMillis() / 1000.0)
        .append(" s more while the JIT compiles), window ");
    md.append(options.measure().toMillis() / 1000.0).append(" s; median (range)\n\n");
    md.append("| machine | |\n|---|---|\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n| ").append(String.join(" | ", HEADER)).append(" |\n|");
    md.append("---|".repeat(HEADER.length)).append('\n');
    for (String[] row : rows()) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append('\n');
    for (ScenarioResult r : results) {
      md.append("**").append(r.id()).append(": ").append(r.title()).append(".** ");
      md.append(r.setup()).append(" *Limited by:* ").append(r.limitedBy()).append("\n\n");
    }
    return md.toString();
  }

  /** The JSON report. */
  String json() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("command", command);
    root.put("startedAt", startedAt);
    root.put("seconds", seconds);
    root.put("machine", machine);
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("repetitions", options.repetitions());
    opts.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
    opts.put("jitWaitSeconds", options.jitWait().toMillis() / 1000.0);
    opts.put("measureSeconds", options.measure().toMillis() / 1000.0);
    opts.put("latencySignals", options.latencySignals());
    opts.put("writeSignals", options.writeSignals());
    opts.put("restartEntities", options.restartEntities());
    opts.put("restartHistoryRows", options.restartHistoryRows());
    opts.put(
        "restartData", options.restartData() == null ? null : options.restartData().toString());
    opts.put("orchestrationsInFlight", options.orchestrations());
    opts.put("transfersInFlight", options.transfers());
    opts.put("quick", options.quick());
    root.put("options", opts);
    root.put("results", results);
    SimpleModule nanAsNull = new SimpleModule();
    nanAsNull.addSerializer(Double.class, new FiniteDoubleSerializer());
    nanAsNull.addSerializer(double.class, new FiniteDoubleSerializer());
    return new ObjectMapper()
        .registerModule(nanAsNull)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(root);
  }

  /** Writes {@code results.md} and {@code results.json} into a folder. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.md"), markdown());
    Files.writeString(dir.resolve("results.json"), json());
  }

  /** A value with its unit: {@code 12.3 K/s}, {@code 0.42 ms}, {@code 38.5 us}, {@code 1,234 B}. */
  static String format(double value, String unit) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return switch (unit) {
      case "/s" ->
          value >= 1e6
              ? String.format(Locale.ROOT, "%.2f M/s", value / 1e6)
              : value >= 1e4
                  ? String.format(Locale.ROOT, "%.1f K/s", value / 1e3)
                  : value >= 1e3
                      ? String.format(Locale.ROOT, "%.2f K/s", value / 1e3)
                      : String.format(Locale.ROOT, "%.0f/s", value);
      case "ms" ->
          String.format(
              Locale.ROOT, value < 10 ? "%.2f ms" : value < 100 ? "%.1f ms" : "%.0f ms", value);
      case "s" -> String.format(Locale.ROOT, "%.1f s", value);
      case "us" -> String.format(Locale.ROOT, value < 100 ? "%.1f us" : "%,.0f us", value);
      case "B" -> String.format(Locale.ROOT, "%,.0f B", value);
      case "MiB" -> String.format(Locale.ROOT, "%,.1f MiB", value);
      case "MiB/min" -> String.format(Locale.ROOT, "%.2f MiB/min", value);
      case "ratio" -> String.format(Locale.ROOT, "%.2f", value);
      default -> String.format(Locale.ROOT, "%,.0f", value);
    };
  }

  /** Writes NaN and infinities (a figure that could not be computed) as JSON null. */
  private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
    FiniteDoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value == null || !Double.isFinite(value)) {
        gen.writeNull();
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
