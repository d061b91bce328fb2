package chat.presence.bench.measure;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the handlers log, by handler: the bytes that Lambda would send to CloudWatch Logs from
 * the functions' standard error, where slf4j-simple writes (at INFO, its default, as deployed). It
 * takes the place of {@link System#err} while the benchmark runs; each line is charged to the handler
 * on the writing thread's stack. Lines of the handlers at INFO or finer are only counted, unless the
 * run logs at INFO anyway ({@code --verbose}): they would hide the progress line. Everything else
 * goes on to standard error.
 */
public final class LogMeter extends OutputStream implements AutoCloseable {
  /** Bytes and lines logged by each handler so far. */
  public record Snapshot(Map<String, Long> bytes, Map<String, Long> lines) {
    public Snapshot since(Snapshot earlier) {
      Map<String, Long> b = new TreeMap<>();
      Map<String, Long> l = new TreeMap<>();
      bytes.forEach((k, v) -> b.put(k, v - earlier.bytes.getOrDefault(k, 0L)));
      lines.forEach((k, v) -> l.put(k, v - earlier.lines.getOrDefault(k, 0L)));
      return new Snapshot(b, l);
    }

    public long totalBytes() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final PrintStream original;
  private final boolean forwardHandlerInfo;
  private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);
  private final ConcurrentMap<String, LongAdder> bytes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> lines = new ConcurrentHashMap<>();

  private LogMeter(PrintStream original, boolean forwardHandlerInfo) {
    this.original = original;
    this.forwardHandlerInfo = forwardHandlerInfo;
  }

  /**
   * Puts a meter in place of {@link System#err} until closed.
   *
   * @param forwardHandlerInfo also show the handlers' INFO lines
   */
  public static LogMeter install(boolean forwardHandlerInfo) {
    LogMeter meter = new LogMeter(System.err, forwardHandlerInfo);
    System.setErr(new PrintStream(meter, true, StandardCharsets.UTF_8));
    return meter;
  }

  /** Whether the run's logging shows INFO lines by default (then they are shown here too). */
  public static boolean runLogsInfo() {
    String level = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    return level.equalsIgnoreCase("info") || level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace");
  }

  public Snapshot snapshot() {
    Map<String, Long> b = new TreeMap<>();
    Map<String, Long> l = new TreeMap<>();
    bytes.forEach((k, v) -> b.put(k, v.sum()));
    lines.forEach((k, v) -> l.put(k, v.sum()));
    return new Snapshot(b, l);
  }

  @Override
  public void write(int b) {
    ByteArrayOutputStream line = pending.get();
    line.write(b);
    if (b == '\n') {
      complete(line);
    }
  }

  @Override
  public void write(byte[] buffer, int offset, int length) {
    ByteArrayOutputStream line = pending.get();
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (buffer[i] == '\n') {
        line.write(buffer, start, i + 1 - start);
        complete(line);
        start = i + 1;
      }
    }
    line.write(buffer, start, offset + length - start);
  }

  @Override
  public void flush() {
    original.flush();
  }

  private void complete(ByteArrayOutputStream line) {
    byte[] text = line.toByteArray();
    line.reset();
    String handler = HandlerOnStack.current();
    boolean ofHandler = !HandlerOnStack.NO_HANDLER.equals(handler);
    if (ofHandler) {
      bytes.computeIfAbsent(handler, h -> new LongAdder()).add(text.length);
      lines.computeIfAbsent(handler, h -> new LongAdder()).increment();
    }
    if (forwardHandlerInfo || !ofHandler || !belowWarn(text)) {
      original.write(text, 0, text.length);
    }
  }

  /** slf4j-simple writes the level after the thread name: {@code [thread] INFO logger - message}. */
  private static boolean belowWarn(byte[] text) {
    String head = new String(text, 0, Math.min(text.length, 200), StandardCharsets.UTF_8);
    int close = head.indexOf("] ");
    String rest = close < 0 ? head : head.substring(close + 2);
    return rest.startsWith("INFO ") || rest.startsWith("DEBUG ") || rest.startsWith("TRACE ");
  }

  /** Puts standard error back. */
  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }
}
