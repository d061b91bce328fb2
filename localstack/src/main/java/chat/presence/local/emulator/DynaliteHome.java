package chat.presence.local.emulator;

import chat.presence.model.settings.Setting;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds dynalite's command-line script: under PRESENCE_DYNALITE_HOME when set, else in the
 * {@code emulators} folder of the module this class was built in (where the Maven build runs
 * {@code npm ci}), found from this class's folder or jar, or from the jar of a sibling module that
 * carries it (the benchmark's).
 */
final class DynaliteHome {

  private static final Path CLI = Path.of("node_modules", "dynalite", "cli.js");
  private static final Path MODULE_CLI = Path.of("emulators").resolve(CLI);
  private static final Path FROM_REPOSITORY_CLI = Path.of("localstack").resolve(MODULE_CLI);

  // target/classes -> target -> module covers both the class folder and a jar in target/.
  private static final int MAX_LEVELS_UP = 4;

  private DynaliteHome() {}

  static Path cliScript(Map<String, String> env) {
    String home = env.get(Setting.DYNALITE_HOME.envName());
    if (home != null && !home.isBlank()) {
      Path cli = Path.of(home).resolve(CLI);
      if (!Files.isRegularFile(cli)) {
        throw new EmulatorException(
            Setting.DYNALITE_HOME.envName() + " is " + home + " but " + cli + " does not exist;"
                + " point it at a folder where `npm install dynalite@4.0.0` was run");
      }
      return cli;
    }
    return besideCodeSource()
        .orElseThrow(
            () ->
                new EmulatorException(
                    "dynalite (the DynamoDB emulator) was not found: run the Maven build"
                        + " (it runs `npm ci` in localstack/emulators) or set "
                        + Setting.DYNALITE_HOME.envName()
                        + " to a folder holding node_modules/dynalite"));
  }

  private static Optional<Path> besideCodeSource() {
    Path dir = codeSource();
    if (Files.isRegularFile(dir)) {
      dir = dir.getParent();
    }
    for (int level = 0; level <= MAX_LEVELS_UP && dir != null; level++) {
      for (Path candidate : List.of(MODULE_CLI, FROM_REPOSITORY_CLI)) {
        Path cli = dir.resolve(candidate);
        if (Files.isRegularFile(cli)) {
          return Optional.of(cli);
        }
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  private static Path codeSource() {
    try {
      return Path.of(
          DynaliteHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new EmulatorException("Cannot tell where the local runtime's classes are", e);
    }
  }
}
