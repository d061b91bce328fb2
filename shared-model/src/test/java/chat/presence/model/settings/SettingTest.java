package chat.presence.model.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final Path REPOSITORY = Path.of("..");
  private static final Path README = REPOSITORY.resolve("README.md");
  private static final String TABLE_HEADING = "## Configuration";
  /** A variable's name where code or prose names one: in quotes or backticks, after env. or $. */
  private static final Pattern NAMED_VARIABLE = Pattern.compile("(?:[\"'`$]|env\\.|\\{@code )(PRESENCE_[A-Z][A-Z_]*)");
  private static final Set<String> SCANNED = Set.of(".java", ".js", ".mjs", ".md", ".yaml", ".yml", ".sh");
  private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", "cdk.out");

  @Test
  void theReadmesConfigurationTableIsTheCatalogue() throws IOException {
    List<String> expected = Arrays.stream(Setting.values()).map(SettingTest::row).toList();
    List<String> documented = readmeRows();

    if (!documented.equals(expected)) {
      Path table = Path.of("target", "configuration-table.md");
      Files.write(table, expected);
      assertThat(documented).as("README's table; the catalogue's is in " + table.toAbsolutePath()).isEqualTo(expected);
    }
  }

  @Test
  void everyVariableTheRepositoryNamesIsInTheCatalogue() throws IOException {
    Set<String> catalogue = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.toSet());
    Set<String> named = new TreeSet<>();
    Files.walkFileTree(
        REPOSITORY,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
            Path name = folder.getFileName();
            return name != null && SKIPPED_FOLDERS.contains(name.toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String name = file.getFileName().toString();
            if (SCANNED.stream().anyMatch(name::endsWith)) {
              named.addAll(variablesNamedIn(file));
            }
            return FileVisitResult.CONTINUE;
          }
        });

    assertThat(named).as("PRESENCE_* names found in the repository").isNotEmpty();
    assertThat(catalogue).containsAll(named);
  }

  @Test
  void aDefaultIsTakenWhenTheVariableIsUnsetOrBlankAndAValueWhenSet() {
    assertThat(Setting.OFFLINE_GRACE.seconds(Map.of())).isEqualTo(Duration.ofSeconds(15));
    assertThat(Setting.OFFLINE_GRACE.seconds(Map.of(Setting.OFFLINE_GRACE.envName(), " "))).isEqualTo(Duration.ofSeconds(15));
    assertThat(Setting.OFFLINE_GRACE.seconds(Map.of(Setting.OFFLINE_GRACE.envName(), "2.5")))
        .isEqualTo(Duration.ofMillis(2500));
    assertThat(Setting.ROUTER_CHATS_PER_PASS.count(Map.of(Setting.ROUTER_CHATS_PER_PASS.envName(), " 7 "))).isEqualTo(7);
    assertThat(Setting.BREAKER_STALE_SHARE.number(Map.of())).isEqualTo(0.2);
  }

  @Test
  void theLocalRuntimeTakesItsOwnDefaultOnlyWhereTheCatalogueGivesOne() {
    assertThat(Setting.REAPER_INTERVAL.secondsLocally(Map.of())).isEqualTo(Duration.ofSeconds(5));
    assertThat(Setting.REAPER_INTERVAL.seconds(Map.of())).isEqualTo(Duration.ofSeconds(60));
    assertThat(Setting.OFFLINE_GRACE.secondsLocally(Map.of())).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aBadValueIsRefusedNamingTheVariableAndTheValue() {
    assertThatThrownBy(() -> Setting.ROUTER_CHATS_PER_PASS.count(Map.of(Setting.ROUTER_CHATS_PER_PASS.envName(), "many")))
        .hasMessageContaining("PRESENCE_ROUTER_CHATS_PER_PASS")
        .hasMessageContaining("'many'");
    assertThatThrownBy(() -> Setting.BREAKER_STALE_SHARE.number(Map.of(Setting.BREAKER_STALE_SHARE.envName(), "NaN")))
        .hasMessageContaining("PRESENCE_BREAKER_STALE_SHARE");
    assertThatThrownBy(() -> Setting.JWT_SECRET_ARN.required(Map.of())).hasMessageContaining("PRESENCE_JWT_SECRET_ARN");
  }

  private static String row(Setting setting) {
    return "| `%s` | %s | %s | %s |"
        .formatted(setting.envName(), setting.defaultText(), setting.unit(), setting.meaning());
  }

  private static List<String> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int heading = lines.indexOf(TABLE_HEADING);
    assertThat(heading).as("README's " + TABLE_HEADING + " section").isNotNegative();
    return lines.stream()
        .skip(heading)
        .dropWhile(line -> !line.startsWith("| `PRESENCE_"))
        .takeWhile(line -> line.startsWith("|"))
        .toList();
  }

  private static Set<String> variablesNamedIn(Path file) {
    try {
      Matcher matcher = NAMED_VARIABLE.matcher(Files.readString(file));
      Set<String> names = new TreeSet<>();
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
