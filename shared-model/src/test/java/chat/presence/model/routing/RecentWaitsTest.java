package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.routing.RecentWaits.Bucket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentWaitsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:07:00Z");
  private static final long CURRENT = RecentWaits.bucketOf(NOW);

  @Test
  void theEstimateIsTheMeanOfTheLastHalfHoursWaitsRoundedUp() {
    List<Bucket> stored =
        List.of(
            new Bucket(CURRENT, 30_000, 2),
            new Bucket(CURRENT - 5, 10_001, 1),
            new Bucket(CURRENT - 6, 900_000, 1));

    assertThat(RecentWaits.estimateSeconds(0, 3, stored, NOW)).contains(14L);
  }

  @Test
  void noRecentWaitsGiveNoEstimateUnlessAnAgentIsFreeNow() {
    List<Bucket> old = List.of(new Bucket(CURRENT - 6, 60_000, 4));

    assertThat(RecentWaits.estimateSeconds(0, 0, old, NOW)).isEmpty();
    assertThat(RecentWaits.estimateSeconds(2, 1, old, NOW)).contains(0L);
    assertThat(RecentWaits.estimateSeconds(2, 2, List.of(new Bucket(CURRENT, 8_000, 1)), NOW)).contains(8L);
  }

  @Test
  void bucketsAreFiveMinutesAndSixSlotsHoldHalfAnHour() {
    assertThat(RecentWaits.bucketOf(Instant.parse("2026-03-01T12:05:00Z")))
        .isEqualTo(RecentWaits.bucketOf(Instant.parse("2026-03-01T12:09:59.999Z")))
        .isEqualTo(RecentWaits.bucketOf(Instant.parse("2026-03-01T12:04:59.999Z")) + 1);
    assertThat(RecentWaits.slotOf(CURRENT)).isEqualTo(RecentWaits.slotOf(CURRENT + 6)).isNotEqualTo(RecentWaits.slotOf(CURRENT + 1));
  }
}
