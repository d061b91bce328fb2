package chat.presence.bench.init;

import java.nio.file.Path;
import java.util.List;

/**
 * The JVM the init probes run on and its flags. A flag may name {@value #HANDLER} for the handler's
 * simple name, so that a training run can dump one class-data archive or AOT cache per handler
 * (e.g. {@code -XX:ArchiveClassesAtExit=cds/{handler}.jsa}) and a timed run can use it.
 */
public record InitJvm(Path java, List<String> flags) {
  public static final String HANDLER = "{handler}";
  /** What the stack sets in JAVA_TOOL_OPTIONS: C1 only and the serial collector (see PresenceStack). */
  public static final List<String> DEPLOYED_FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  public InitJvm {
    flags = List.copyOf(flags);
  }

  /** The JVM running the benchmark, with the deployed flags. */
  public static InitJvm current() {
    return new InitJvm(Path.of(System.getProperty("java.home"), "bin", "java"), DEPLOYED_FLAGS);
  }

  List<String> flagsFor(String handler) {
    return flags.stream().map(flag -> flag.replace(HANDLER, handler)).toList();
  }
}
