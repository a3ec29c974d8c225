package io.durableentities.scheduler.internal.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Reads and checks the values of the command line's options, naming what was expected. */
final class OptionConverters {
  private OptionConverters() {}

  /**
   * Reads a whole number within {@code [min, max]}; a subclass says which range and how to say it.
   */
  abstract static class IntRange implements CommandLine.ITypeConverter<Integer> {
    private final int min;
    private final int max;
    private final String expectation;

    IntRange(int min, int max, String expectation) {
      this.min = min;
      this.max = max;
      this.expectation = expectation;
    }

    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "must be " + expectation + ", was '" + value + "'");
    }
  }

  /** Reads a port number, 0..65535. */
  static final class PortConverter extends IntRange {
    PortConverter() {
      super(0, 65535, "a port number 0..65535");
    }
  }

  /** Reads a positive number. */
  static final class PositiveConverter extends IntRange {
    PositiveConverter() {
      super(1, Integer.MAX_VALUE, "a positive number");
    }
  }

  /** Reads a number that is 0 or more. */
  static final class NonNegativeConverter extends IntRange {
    NonNegativeConverter() {
      super(0, Integer.MAX_VALUE, "a number 0 or more");
    }
  }

  /** Reads a duration: a number with s, m, h or d (90s, 15m, 24h, 7d), or ISO-8601 (PT1H). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        if (value.length() > 1 && Character.isDigit(value.charAt(0))) {
          long n = Long.parseLong(value.substring(0, value.length() - 1));
          switch (value.charAt(value.length() - 1)) {
            case 's':
              return Duration.ofSeconds(n);
            case 'm':
              return Duration.ofMinutes(n);
            case 'h':
              return Duration.ofHours(n);
            case 'd':
              return Duration.ofDays(n);
            default:
              break;
          }
        } else {
          Duration d = Duration.parse(value);
          if (!d.isNegative()) {
            return d;
          }
        }
      } catch (RuntimeException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "must be a duration such as 90s, 15m, 24h, 7d or PT1H, was '" + value + "'");
    }
  }
}
