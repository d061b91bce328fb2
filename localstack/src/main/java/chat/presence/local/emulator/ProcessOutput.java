package chat.presence.local.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a child process's output to a logger, and keeps its last lines so that a failure to start
 * can be explained without digging through logs.
 */
final class ProcessOutput {
  private static final int KEPT_LINES = 40;

  private final Logger log;
  private final Deque<String> lastLines = new ArrayDeque<>();

  private ProcessOutput(String name) {
    this.log = LoggerFactory.getLogger(name);
  }

  /** Starts following the process's output (with stderr merged into it) on a daemon thread. */
  static ProcessOutput follow(Process process, String name) {
    ProcessOutput output = new ProcessOutput(name);
    Thread reader = new Thread(() -> output.copy(process), name + "-output");
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  /** For an emulator that is no process of ours: there is no output to show. */
  static ProcessOutput none() {
    return new ProcessOutput("external");
  }

  synchronized String lastLines() {
    return String.join(System.lineSeparator(), lastLines);
  }

  private void copy(Process process) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      reader.lines().forEach(this::record);
    } catch (IOException | UncheckedIOException e) {
      log.debug("Stopped reading the process output", e);
    }
  }

  private void record(String line) {
    log.info(line);
    synchronized (this) {
      if (lastLines.size() == KEPT_LINES) {
        lastLines.removeFirst();
      }
      lastLines.addLast(line);
    }
  }
}
