package chat.presence.model.presence;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PresenceRulesTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Duration GRACE = PresenceSettings.DEFAULTS.offlineGrace();
  private static final Duration TIMEOUT = PresenceSettings.DEFAULTS.heartbeatTimeout();

  private final PresenceRules rules = new PresenceRules(PresenceSettings.DEFAULTS);

  /** Holdings of the given chats, each granted for the chats' first generation. */
  private static Map<String, Long> held(Set<String> chats) {
    return chats.stream().collect(Collectors.toMap(c -> c, c -> 1L));
  }

  private static AgentState connected(ChosenStatus status, Set<String> chats) {
    return new AgentState(
        "site", "agent", status, 3, Set.of("conn-1"), held(chats),
        Optional.of(NOW.minus(Duration.ofHours(1))), Instant.EPOCH, 1,
        Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static AgentState disconnectedAt(Instant at, ChosenStatus status, Set<String> chats) {
    return new AgentState(
        "site", "agent", status, 3, Set.of(), held(chats), Optional.of(at), Instant.EPOCH, 1,
        Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);
  }

  private static EffectiveStatus expected(ChosenStatus chosen) {
    return chosen == ChosenStatus.AVAILABLE ? EffectiveStatus.AVAILABLE : EffectiveStatus.AWAY;
  }

  // --- effective status -------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ChosenStatus.class)
  void connectedAgentShowsChosenStatusEvenLongAfterAnEarlierDisconnect(ChosenStatus chosen) {
    assertThat(rules.effectiveStatus(connected(chosen, Set.of()), NOW)).isEqualTo(expected(chosen));
  }

  @ParameterizedTest
  @CsvSource({"AVAILABLE, 0", "AVAILABLE, 1", "AVAILABLE, 14999", "AWAY, 0", "AWAY, 14999"})
  void agentWithoutConnectionKeepsChosenStatusWithinGrace(ChosenStatus chosen, long millisSinceDisconnect) {
    AgentState agent =
        disconnectedAt(NOW.minusMillis(millisSinceDisconnect), chosen, Set.of("chat-1"));

    assertThat(rules.effectiveStatus(agent, NOW)).isEqualTo(expected(chosen));
  }

  @ParameterizedTest
  @CsvSource({"AVAILABLE, 15001", "AWAY, 15001", "AVAILABLE, 3600000", "AWAY, 3600000"})
  void agentWithoutConnectionIsOfflinePastGraceWhateverItChose(ChosenStatus chosen, long millisSinceDisconnect) {
    AgentState agent = disconnectedAt(NOW.minusMillis(millisSinceDisconnect), chosen, Set.of());

    assertThat(rules.effectiveStatus(agent, NOW)).isEqualTo(EffectiveStatus.OFFLINE);
    assertThat(agent.chosenStatus()).as("the chosen status is never changed").isEqualTo(chosen);
  }

  @ParameterizedTest
  @EnumSource(ChosenStatus.class)
  void agentDisconnectedExactlyGracePeriodAgoIsNotYetOffline(ChosenStatus chosen) {
    AgentState agent = disconnectedAt(NOW.minus(GRACE), chosen, Set.of());

    assertThat(rules.effectiveStatus(agent, NOW)).isEqualTo(expected(chosen));
  }

  @Test
  void agentNeverConnectedIsOffline() {
    AgentState agent =
        new AgentState("site", "agent", ChosenStatus.AVAILABLE, 3, Set.of(), Map.of(),
            Optional.empty(), Instant.EPOCH, 1, Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);

    assertThat(rules.effectiveStatus(agent, NOW)).isEqualTo(EffectiveStatus.OFFLINE);
  }

  @ParameterizedTest
  @EnumSource(ChosenStatus.class)
  void reconnectingAfterGraceRestoresTheStatusTheAgentChose(ChosenStatus chosen) {
    AgentState offline = disconnectedAt(NOW.minus(Duration.ofHours(2)), chosen, Set.of());
    AgentState reconnected =
        new AgentState("site", "agent", chosen, 3, Set.of("conn-2"), Map.of(),
            offline.lastDisconnectAt(), Instant.EPOCH, 2, Optional.empty(), List.of(), Optional.empty(), Set.of(), 0);

    assertThat(rules.effectiveStatus(offline, NOW)).isEqualTo(EffectiveStatus.OFFLINE);
    assertThat(rules.effectiveStatus(reconnected, NOW)).isEqualTo(expected(chosen));
  }

  @Test
  void rulesUseTheConfiguredGracePeriod() {
    PresenceRules shortGrace =
        new PresenceRules(
            new PresenceSettings(Duration.ofSeconds(2), TIMEOUT, Duration.ofSeconds(30), 3));

    assertThat(shortGrace.effectiveStatus(
            disconnectedAt(NOW.minusMillis(1999), ChosenStatus.AVAILABLE, Set.of()), NOW))
        .isEqualTo(EffectiveStatus.AVAILABLE);
    assertThat(shortGrace.effectiveStatus(
            disconnectedAt(NOW.minusMillis(2001), ChosenStatus.AVAILABLE, Set.of()), NOW))
        .isEqualTo(EffectiveStatus.OFFLINE);
  }

  // --- offline declaration ----------------------------------------------------------------

  @Test
  void offlineDeclarationIsDueForAnAgentPastGraceWhoStillHoldsChats() {
    AgentState agent =
        disconnectedAt(NOW.minus(GRACE).minusMillis(1), ChosenStatus.AVAILABLE, Set.of("chat-1"));

    assertThat(rules.offlineDeclarationDue(agent, NOW)).isTrue();
  }

  @Test
  void offlineDeclarationIsNotDueForAnAgentPastGraceWithoutChats() {
    AgentState agent = disconnectedAt(NOW.minus(Duration.ofHours(1)), ChosenStatus.AVAILABLE, Set.of());

    assertThat(rules.offlineDeclarationDue(agent, NOW)).isFalse();
  }

  @Test
  void offlineDeclarationIsNotDueWithinGrace() {
    AgentState agent =
        disconnectedAt(NOW.minus(GRACE).plusMillis(1), ChosenStatus.AWAY, Set.of("chat-1"));

    assertThat(rules.offlineDeclarationDue(agent, NOW)).isFalse();
  }

  @Test
  void offlineDeclarationIsNotDueWhileAConnectionIsLeft() {
    assertThat(rules.offlineDeclarationDue(connected(ChosenStatus.AWAY, Set.of("chat-1")), NOW))
        .isFalse();
  }

  // --- connection verdicts ----------------------------------------------------------------

  @Test
  void connectionTheGatewayNoLongerKnowsIsGone() {
    assertThat(rules.judge(Optional.empty(), NOW)).isEqualTo(ConnectionVerdict.GONE);
  }

  @ParameterizedTest
  @CsvSource({
    "0, ALIVE",
    "89999, ALIVE",
    "90000, SILENT",
    "90001, SILENT",
    "3600000, SILENT",
    "-5000, ALIVE" // a gateway clock slightly ahead of ours
  })
  void connectionIsSilentOnceNoFrameArrivedForTheHeartbeatTimeout(
      long millisSinceLastFrame, ConnectionVerdict verdict) {
    assertThat(rules.judge(Optional.of(NOW.minusMillis(millisSinceLastFrame)), NOW))
        .isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource({"0, false", "89999, false", "90000, true", "86400000, true"})
  void connectionCouldHaveTimedOutOnlyOnceOlderThanTheHeartbeatTimeout(
      long connectionAgeMillis, boolean couldHaveTimedOut) {
    assertThat(rules.couldHaveTimedOut(NOW.minusMillis(connectionAgeMillis), NOW))
        .isEqualTo(couldHaveTimedOut);
  }
}
