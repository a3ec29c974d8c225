package io.durableentities.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged stdout and stderr of a child process, read line by line on a daemon thread, so that a
 * test can wait for a line without a fixed sleep.
 */
final class ProcessOutput {

  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ProcessOutput() {}

  /**
   * Starts reading a process's output; start it with {@code redirectErrorStream(true)}.
   *
   * @param process the process
   * @param name the reader thread's name
   * @return the output being read
   */
  static ProcessOutput follow(Process process, String name) {
    ProcessOutput output = new ProcessOutput();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("(output ended: " + e + ")");
              } finally {
                output.end();
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  private synchronized void add(String line) {
    lines.add(line);
    notifyAll();
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Waits for the first line, trimmed, that the pattern matches entirely.
   *
   * @param pattern the line pattern
   * @param timeout how long to wait
   * @return the match, or empty when the output ended or the time ran out first
   * @throws InterruptedException if interrupted
   */
  synchronized Optional<Matcher> await(Pattern pattern, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        Matcher matcher = pattern.matcher(lines.get(seen).trim());
        if (matcher.matches()) {
          return Optional.of(matcher);
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        return Optional.empty();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /**
   * Returns what was read so far.
   *
   * @return the lines joined by newlines
   */
  synchronized String text() {
    return String.join("\n", lines);
  }
}
