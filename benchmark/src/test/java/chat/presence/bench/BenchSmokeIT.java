package chat.presence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.bench.init.InitJvm;
import chat.presence.bench.report.BenchReport;
import chat.presence.bench.report.KeepAliveOption;
import chat.presence.bench.report.OfferSummary;
import chat.presence.bench.sim.OfferAnswers;
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
 * must be written with all their sections. Once with chats assigned directly, once with offers.
 */
class BenchSmokeIT {
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
            12,
            0,
            InitJvm.current(),
            Duration.ZERO,
            0,
            0.05,
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
    // So short a load may end before a probe chat requested after the warm-up is assigned.
    assertThat(report.fullPath().chatsRequested()).as("full-path probe chats during the load").isPositive();
    assertThat(report.routerAlone().routing().assigned()).isEqualTo(12);
    assertThat(report.routerAlone().writesPerChat()).isPositive();
    assertThat(report.routerAlone().ceiling().writesPerSecond()).isPositive();
    assertThat(report.routerAlone().ceiling().failed()).isZero();
    assertThat(report.presencePush().pushesSeen()).as("presence.changed seen by the subscribed consoles").isPositive();
    assertThat(report.handlerTimes().factor()).isPositive();
    assertThat(report.logs().invocations()).isPositive();
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
            "## Router alone on a pre-filled queue",
            "Assign p99 / full-path floor p99",
            "Assign p99 / storage floor p99",
            "Keep-alive trade-off",
            "event-source polls",
            "CloudWatch Logs");
    assertThat(report.cost().keepAliveTradeOff())
        .extracting(KeepAliveOption::intervalSeconds)
        .containsExactly(30L, 60L, 120L, 180L);
    assertThat(report.cost().keepAliveTradeOff())
        .allSatisfy(o -> assertThat(o.pingDollars()).isLessThan(o.heartbeatDollars()));
    JsonNode json = new ObjectMapper().readTree(outcome.files().json().toFile());
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("main").path("assignAll").path("p99").isNumber()).isTrue();
    assertThat(json.path("queueBacklog").size()).isPositive();
    assertThat(json.path("cost").path("monthly").size()).isEqualTo(2);
    assertThat(json.path("targets").size()).isEqualTo(7);
    assertThat(json.path("routerAlone").path("writesPerChat").isNumber()).isTrue();
  }

  /**
   * Offers with a 2 s timeout; two of the six agents never answer. Their offers must be withdrawn
   * and the chats offered to someone else, the others' accepts measured, and every offer checked.
   * One site: a chat that every agent of its site declined or let expire would wait for ever.
   */
  @Test
  void anOfferRunWithdrawsTheSilentAgentsOffersOffersTheChatsAgainAndBreaksNoInvariant() throws Exception {
    Duration offerTimeout = Duration.ofSeconds(2);
    BenchConfig config =
        new BenchConfig(
            6,
            1,
            Duration.ofSeconds(4),
            3,
            Duration.ofSeconds(1),
            20,
            Duration.ofMillis(500),
            2,
            2,
            3,
            Duration.ofSeconds(1),
            Duration.ZERO,
            6,
            3,
            3,
            10,
            12,
            0,
            InitJvm.current(),
            offerTimeout,
            0.34,
            0.1,
            Path.of("no-such.jar"),
            results);

    Benchmark.Outcome outcome = Benchmark.run(config, System.out, false, "smoke test, offers");

    BenchReport report = outcome.report();
    assertThat(report.violations()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.main().chatsUnsettled()).isZero();
    OfferSummary offers = report.offers();
    assertThat(offers.neverAcceptingAgents()).isEqualTo(2);
    assertThat(offers.accepted()).isPositive();
    assertThat(offers.withdrawnFromNeverAccepting()).as("offers to the agents that never answer, withdrawn").isPositive();
    assertThat(offers.chatsReOffered()).isPositive();
    assertThat(offers.agentsUnresponsiveNeverAccepting()).isPositive();
    assertThat(offers.unchecked()).as("offers whose chat was not read as offered").isZero();
    assertThat(offers.offerReadsFailed()).isZero();
    assertThat(offers.acceptLatency().count()).isPositive();
    assertThat(offers.acceptLatency().p50())
        .as("think time included")
        .isBetween((double) OfferAnswers.THINK_MIN.toMillis(), (double) offerTimeout.toMillis());
    assertThat(offers.acceptRoundTrip().p50()).isPositive().isLessThan(offers.acceptLatency().p50());
    assertThat(offers.firstOffer().count()).isPositive();

    String markdown = Files.readString(outcome.files().markdown());
    assertThat(markdown).contains("## Offers", "chats re-offered", "First-offer p99 / full-path floor p99", "No violations.");
    assertThat(report.routerAlone()).as("skipped with offers").isNull();
    JsonNode json = new ObjectMapper().readTree(outcome.files().json().toFile());
    assertThat(json.path("offers").path("acceptLatency").path("p99").isNumber()).isTrue();
    assertThat(json.path("offers").path("withdrawn").asLong()).isPositive();
  }
}
