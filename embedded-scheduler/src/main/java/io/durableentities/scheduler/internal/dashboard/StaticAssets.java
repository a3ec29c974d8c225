package io.durableentities.scheduler.internal.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's pages, scripts and styles, read once from the jar ({@code
 * io/durableentities/scheduler/dashboard/}).
 */
final class StaticAssets {

  /** A file to serve. */
  record Asset(byte[] bytes, String contentType) {}

  private static final String ROOT = "/io/durableentities/scheduler/dashboard/";

  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/assets/app.js", "app.js",
          "/assets/app.css", "app.css",
          "/favicon.svg", "favicon.svg");

  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /** The asset at a request path, or null. */
  Asset find(String path) {
    String file = FILES.get(path);
    return file == null ? null : cache.computeIfAbsent(file, StaticAssets::load);
  }

  private static Asset load(String file) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "The dashboard asset " + ROOT + file + " is not in the jar");
      }
      return new Asset(in.readAllBytes(), contentType(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the dashboard asset " + file, e);
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "image/svg+xml";
  }
}
