package chat.presence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.bench.measure.CapacityKey;
import chat.presence.bench.measure.CapacitySnapshot;
import chat.presence.bench.measure.CapacityTotals;
import chat.presence.bench.measure.LatencySummary;
import chat.presence.bench.measure.LogMeter;
import chat.presence.bench.measure.RouterBatches;
import chat.presence.bench.measure.WriteCeiling;
import chat.presence.bench.report.LogVolume;
import chat.presence.bench.report.PresencePush;
import chat.presence.bench.report.RouterAloneFigures;
import chat.presence.bench.sim.RouterAlone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchMeasureTest {
  @Test
  void percentilesAreNearestRankOnTheSortedSamples() {
    long[] millis = new long[100];
    for (int i = 0; i < millis.length; i++) {
      millis[i] = (100 - i) * 1_000_000L;
    }

    LatencySummary summary = LatencySummary.ofNanos(millis);

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(50.0);
    assertThat(summary.p95()).isEqualTo(95.0);
    assertThat(summary.p99()).isEqualTo(99.0);
    assertThat(summary.max()).isEqualTo(100.0);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    LatencySummary summary = LatencySummary.ofNanos(new long[] {2_500_000});

    assertThat(summary.p50()).isEqualTo(2.5);
    assertThat(summary.p99()).isEqualTo(2.5);
  }

  @Test
  void noSamplesGiveAnEmptySummary() {
    assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void aSnapshotSinceAnEarlierOneHoldsOnlyWhatCameAfter() {
    CapacityKey setStatus = new CapacityKey("SetStatusHandler", "agents");
    CapacityKey connect = new CapacityKey("ConnectHandler", "connections");
    var earlier = new CapacitySnapshot(Map.of(setStatus, new CapacityTotals(2, 2, 1, 1, 0, 0)));
    var later =
        new CapacitySnapshot(
            Map.of(setStatus, new CapacityTotals(5, 5, 3, 3, 1, 0), connect, new CapacityTotals(0, 0, 1, 1, 0, 1)));

    CapacitySnapshot delta = later.since(earlier);

    assertThat(delta.ofHandler("SetStatusHandler")).isEqualTo(new CapacityTotals(3, 3, 2, 2, 1, 0));
    assertThat(delta.ofHandler("ConnectHandler").indexWrites()).isEqualTo(1);
  }

  @Test
  void durationsReadAsMillisecondsSecondsOrMinutes() {
    var converter = new BenchCommand.DurationConverter();

    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(converter.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("2")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theDefaultRunScalesProductionTimingsBySix() {
    BenchConfig defaults = BenchConfig.defaults();

    assertThat(defaults.timeScale()).isEqualTo(6.0);
    assertThat(defaults.reaperInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void writesPerChatAndTheRateTheCeilingAllowsComeFromTheRoutersCalls() {
    var routed = new RouterAlone.Result(100, 100, 5.0, 0.1, 20.0, List.of());
    var window =
        new CapacitySnapshot(
            Map.of(
                new CapacityKey("RouterHandler", "agents"), new CapacityTotals(300, 300, 200, 400, 0, 0),
                new CapacityKey("RouterHandler", "chats"), new CapacityTotals(100, 100, 200, 200, 0, 0),
                new CapacityKey("ReaperHandler", "agents"), new CapacityTotals(5, 5, 3, 3, 0, 0)));
    var ceiling = new WriteCeiling.Result(4, 10, 3, 3000, 0, 1000, LatencySummary.EMPTY);

    var figures = RouterAloneFigures.of(routed, new RouterBatches.Counts(1, 1, 0), window, ceiling);

    assertThat(figures.writesPerChat()).as("the reaper's writes are not the router's").isEqualTo(4.0);
    assertThat(figures.writeCallsByTable()).containsEntry("agents", 200L).containsEntry("chats", 200L);
    assertThat(figures.boundRate()).isEqualTo(250.0);
    assertThat(figures.rateShare()).isEqualTo(0.08);
  }

  @Test
  void theLogMeterChargesLinesToNoHandlerOutsideHandlersAndForwardsThem() {
    PrintStream before = System.err;
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    System.setErr(new PrintStream(shown, true, StandardCharsets.UTF_8));
    try (LogMeter meter = LogMeter.install(false)) {
      System.err.println("[main] INFO chat.presence.local.Something - not a handler's");
      System.err.flush();
      assertThat(meter.snapshot().totalBytes()).isZero();
    } finally {
      System.setErr(before);
    }
    assertThat(shown.toString(StandardCharsets.UTF_8)).contains("not a handler's");
  }

  @Test
  void logBytesPerInvocationAddThePlatformRecordsAndKeepTheReaperApart() {
    var logs = new LogVolume(1010, 3000, Map.of("ReaperHandler", 2000L, "RouterHandler", 1000L), Map.of(), 10, 500);

    assertThat(logs.bytesPerInvocation()).isEqualTo(501.0);
    assertThat(logs.bytesPerReaperPass()).isEqualTo(700.0);
  }

  @Test
  void pushesPerViewChangeCompareTheSubscribersFramesWithTheWrites() {
    var push = new PresencePush(90, 40, 30, 30);

    assertThat(push.viewChanges()).isEqualTo(100);
    assertThat(push.pushesPerChange()).isEqualTo(0.9);
  }
}
