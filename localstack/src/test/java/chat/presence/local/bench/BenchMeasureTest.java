package chat.presence.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.bench.measure.CapacityKey;
import chat.presence.local.bench.measure.CapacitySnapshot;
import chat.presence.local.bench.measure.CapacityTotals;
import chat.presence.local.bench.measure.LatencySummary;
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
    var earlier = new CapacitySnapshot(Map.of(setStatus, new CapacityTotals(2, 2, 1, 1, 0)));
    var later =
        new CapacitySnapshot(
            Map.of(setStatus, new CapacityTotals(5, 5, 3, 3, 1), connect, new CapacityTotals(0, 0, 1, 1, 0)));

    CapacitySnapshot delta = later.since(earlier);

    assertThat(delta.ofHandler("SetStatusHandler")).isEqualTo(new CapacityTotals(3, 3, 2, 2, 1));
    assertThat(delta.writeCallsTo(Set.of("connections"), Set.of("ConnectHandler"))).isEqualTo(1);
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
}
