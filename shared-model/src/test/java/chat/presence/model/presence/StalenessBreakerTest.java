package chat.presence.model.presence;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.StalenessBreaker.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StalenessBreakerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final StalenessBreaker breaker = new StalenessBreaker(0.2, 5, Duration.ofMinutes(5));

  @Test
  void aShareAboveTheThresholdOfOneSitesAgentsOpensThatSiteOnly() {
    assertThat(breaker.openSites(Map.of("a", new Counts(10, 3, 0), "b", new Counts(10, 1, 0))))
        .containsExactly("a");
  }

  @Test
  void theFleetAsAWholeOpensEverySite() {
    assertThat(
            breaker.openSites(
                Map.of("a", new Counts(4, 2, 0), "b", new Counts(4, 1, 0), "c", new Counts(4, 0, 0))))
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void agentsDroppedForSilenceWithinTheWindowCountAsStale() {
    // One more silent agent per pass: alone it is under the share, with the recent drops it is not.
    assertThat(breaker.openSites(Map.of("a", new Counts(9, 1, 0)))).isEmpty();
    assertThat(breaker.openSites(Map.of("a", new Counts(8, 1, 2)))).containsExactly("a");
  }

  @Test
  void fewerAgentsThanTheMinimumNeverOpenIt() {
    assertThat(breaker.openSites(Map.of("a", new Counts(3, 3, 1)))).isEmpty();
  }

  @Test
  void onlyADropForSilenceWithinTheWindowOfAnAgentStillAwayCounts() {
    assertThat(breaker.droppedRecently(agent(Set.of(), TransitionReason.HEARTBEAT_TIMEOUT, NOW.minusSeconds(60)), NOW)).isTrue();
    assertThat(breaker.droppedRecently(agent(Set.of(), TransitionReason.HEARTBEAT_TIMEOUT, NOW.minusSeconds(301)), NOW)).isFalse();
    assertThat(breaker.droppedRecently(agent(Set.of(), TransitionReason.DISCONNECT, NOW.minusSeconds(60)), NOW)).isFalse();
    assertThat(breaker.droppedRecently(agent(Set.of("c"), TransitionReason.HEARTBEAT_TIMEOUT, NOW.minusSeconds(60)), NOW)).isFalse();
  }

  private static AgentState agent(Set<String> connections, TransitionReason reason, Instant at) {
    return new AgentState(
        "a", "ann", ChosenStatus.AVAILABLE, 3, connections, Map.of(), Optional.of(at), Instant.EPOCH,
        1, Optional.of(reason), List.of(), Optional.empty(), Set.of(), 0);
  }
}
