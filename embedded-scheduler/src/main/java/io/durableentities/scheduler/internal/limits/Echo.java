package io.durableentities.scheduler.internal.limits;

/**
 * Quotes what a caller sent in an error message or a log line without echoing it whole: at most
 * {@value #PREFIX} characters, then {@code …(N chars)} with the full length, and control characters
 * written as Java escapes (a backslash, {@code u} and four hex digits). A status message travels in
 * an HTTP/2 header (8 KiB at most on most clients, percent-encoded, so up to nine bytes per
 * character), and a log line must stay one line; neither may grow with the input.
 */
public final class Echo {

  /** How many characters of a value are quoted. */
  public static final int PREFIX = 64;

  private Echo() {}

  /**
   * Returns {@code value} shortened and made printable, in single quotes.
   *
   * @param value the value, or null
   * @return e.g. {@code 'order-1'} or {@code 'aaaa…(102400 chars)'}; {@code null} for null
   */
  public static String quote(String value) {
    return value == null ? "null" : "'" + of(value) + "'";
  }

  /**
   * Returns {@code value} shortened and made printable, without quotes.
   *
   * @param value the value, or null
   * @return the first {@value #PREFIX} characters, with {@code …(N chars)} when longer
   */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int end = Math.min(value.length(), PREFIX);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 24);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < value.length()) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}
