package chat.presence.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.bench.report.BenchReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark in miniature: a few agents and chats for a few seconds, every phase but the init
 * timings (fresh JVMs take too long for the suite). No invariant may break, and both report files
 * must be written with all their sections.
 */
class BenchSmokeTest {
  @TempDir Path results;

  @Test
  void aSmallRunBreaksNoInvariantAndWritesTheReports() throws Exception {
    BenchConfig config =
        new BenchConfig(
            4,
            2,
            Duration.ofSeconds(3),
            3,
            Duration.ofSeconds(1),
            20,
            Duration.ofMillis(500),
            2,
            2,
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            6,
            3,
            3,
            10,
            0,
            Path.of("no-such.jar"),
            results);

    Benchmark.Outcome outcome = Benchmark.run(config, System.out, false, "smoke test");

    BenchReport report = outcome.report();
    assertThat(report.violations()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.main().chatsAssigned()).isPositive();
    assertThat(report.main().chatsUnsettled()).isZero();
    assertThat(report.peak().chatsAssigned()).isPositive();
    assertThat(report.floor().total().count()).isEqualTo(10);
    assertThat(report.capacity().operation("heartbeat").writeUnits())
        .as("heartbeats write nothing")
        .isZero();

    String markdown = Files.readString(outcome.files().markdown());
    assertThat(markdown)
        .contains(
            "## Targets",
            "## Invariants",
            "## Assign latency",
            "## Throughput",
            "## Routing queue backlog",
            "## DynamoDB capacity",
            "## Cost estimate",
            "## Handler init",
            "## Run parameters",
            "No violations.",
            "Assign p99 / floor p99");
    JsonNode json = new ObjectMapper().readTree(outcome.files().json().toFile());
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("main").path("assignAll").path("p99").isNumber()).isTrue();
    assertThat(json.path("queueBacklog").size()).isPositive();
    assertThat(json.path("cost").path("monthly").size()).isEqualTo(2);
    assertThat(json.path("targets").size()).isEqualTo(6);
  }
}
