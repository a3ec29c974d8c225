package io.durableentities.azure.payloads;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** UTF-8 text to and from gzip bytes, in memory. */
final class Gzip {

  private Gzip() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] compress(String text) {
    byte[] bytes = utf8(text);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String decompress(byte[] bytes) {
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes), 64 * 1024)) {
      return text(gzip.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("A blob marked gzip could not be decompressed", e);
    }
  }
}
