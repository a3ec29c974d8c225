package io.durableentities.scheduler.internal.limits;

/**
 * The rules for ids (orchestration instance ids, entity ids {@code @name@key}, execution ids) and
 * names (orchestrations, versions, events, entity operations) that callers send: at most {@value
 * #MAX_ID_LENGTH} characters, and no control characters (NUL, newlines, tabs, ...), so that every
 * id and name can be stored, indexed, logged and quoted in an error. What is allowed beyond that
 * (an empty id, a leading {@code @}) depends on the request and is checked where it is served.
 */
public final class TextRules {

  /** The longest id or name accepted, in UTF-16 characters. */
  public static final int MAX_ID_LENGTH = 4096;

  private TextRules() {}

  /**
   * Returns why {@code value} breaks the rules, or null when it follows them.
   *
   * @param what what the value is, for the message, such as {@code "the instance id"}
   * @param value the value (null counts as empty, which the rules allow)
   * @return a sentence naming {@code what}, a short quote of the value and the rule, or null
   */
  public static String problem(String what, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_ID_LENGTH) {
      return what + " " + Echo.quote(value) + " is longer than " + MAX_ID_LENGTH + " characters";
    }
    int control = firstControl(value);
    if (control >= 0) {
      return what
          + " "
          + Echo.quote(value)
          + " contains a control character (U+"
          + String.format("%04X", (int) value.charAt(control))
          + ") at index "
          + control
          + "; ids and names must be printable text";
    }
    return null;
  }

  /**
   * Returns the index of the first control character in {@code value}, or -1.
   *
   * @param value the text
   * @return the index, or -1 when there is none
   */
  public static int firstControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
