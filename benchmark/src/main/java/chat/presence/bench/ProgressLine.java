package chat.presence.bench;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The benchmark's progress: rewritten in place on a terminal, one line every few seconds otherwise
 * (so that a log stays readable).
 */
final class ProgressLine implements Consumer<String> {
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastLogged;
  private int lastLength;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void accept(String line) {
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
      out.flush();
    } else if (System.nanoTime() - lastLogged >= LOG_EVERY_NANOS) {
      out.println(line);
      lastLogged = System.nanoTime();
    }
  }

  /** A message of its own, after the progress line, with the time since the start. */
  synchronized void say(String message) {
    if (terminal && lastLength > 0) {
      out.println();
      lastLength = 0;
    }
    out.printf("bench %5.1fs  %s%n", (System.nanoTime() - startNanos) / 1e9, message);
  }
}
