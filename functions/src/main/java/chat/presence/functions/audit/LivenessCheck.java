package chat.presence.functions.audit;

import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What others see of an agent matches the gateway. Shown online, the agent must have a live
 * connection, or have had one recently enough that the reaper and the grace period have not yet run
 * out. Shown offline, none of its connections may be live.
 *
 * <p>An agent whose connections were not asked of the gateway this audit is left to a later one.
 *
 * <p>An agent the staleness breaker keeps online is not a breach: the breaker does so on purpose
 * while too many agents of a site go silent at once, and it raises its own alarm.
 */
final class LivenessCheck implements InvariantCheck {
  private final PresenceRules rules;
  private final Duration settleTime;

  /** From the last sign of life to offline: the heartbeat timeout, the reaper's pass, the grace. */
  private final Duration mayStayOnline;

  LivenessCheck(PresenceRules rules, AuditSettings settings) {
    PresenceSettings presence = rules.settings();
    this.rules = rules;
    this.settleTime = settings.settleTime();
    this.mayStayOnline =
        presence.heartbeatTimeout().plus(settings.reaperInterval()).plus(presence.offlineGrace());
  }

  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    Instant now = snapshot.now();
    List<Finding> findings = new ArrayList<>();
    for (AgentFacts agent : snapshot.agents()) {
      if (!agent.asked()) {
        continue;
      }
      EffectiveStatus shown = rules.effectiveStatus(agent.state(), now);
      if (shown == EffectiveStatus.OFFLINE) {
        findings.addAll(liveWhileOffline(agent, now));
      } else {
        onlineWithoutLiveConnection(agent, shown, now).ifPresent(findings::add);
      }
    }
    return findings;
  }

  private Optional<Finding> onlineWithoutLiveConnection(
      AgentFacts agent, EffectiveStatus shown, Instant now) {
    if (agent.hasLiveConnection(rules, now) || heldByBreaker(agent)) {
      return Optional.empty();
    }
    Optional<Instant> lastSignOfLife = lastSignOfLife(agent);
    if (lastSignOfLife.filter(at -> !at.plus(mayStayOnline).isBefore(now)).isPresent()) {
      return Optional.empty();
    }
    List<String> connections =
        agent.connections().stream().map(ConnectionFacts::connectionId).toList();
    return Optional.of(
        Finding.of(FindingKind.ONLINE_WITHOUT_LIVE_CONNECTION)
            .id("site", agent.siteId())
            .id("agent", agent.agentId())
            .detail("status", shown.wireName())
            .detail("connections", connections.isEmpty() ? "none" : String.join(",", connections))
            .detail("lastSeen", lastSignOfLife.map(Instant::toString).orElse("never"))
            .build());
  }

  private static boolean heldByBreaker(AgentFacts agent) {
    List<StatusChange> history = agent.state().history();
    return !history.isEmpty()
        && history.get(history.size() - 1).reason() == TransitionReason.BREAKER;
  }

  /**
   * The latest moment the agent is known to have had a connection: a frame the gateway saw, a
   * connection being registered, or the last disconnect.
   */
  private static Optional<Instant> lastSignOfLife(AgentFacts agent) {
    Stream<Instant> connectionSigns =
        agent.connections().stream()
            .flatMap(c -> Stream.concat(c.lastActiveAt().stream(), c.registeredAt().stream()));
    return Stream.concat(connectionSigns, agent.state().lastDisconnectAt().stream())
        .max(Instant::compareTo);
  }

  /** A connection registered within the settle time may not be on the agent's item yet. */
  private List<Finding> liveWhileOffline(AgentFacts agent, Instant now) {
    return agent.connections().stream()
        .filter(c -> rules.judge(c.lastActiveAt(), now) == ConnectionVerdict.ALIVE)
        .filter(c -> c.registeredAt().filter(at -> at.plus(settleTime).isBefore(now)).isPresent())
        .map(
            c ->
                Finding.of(FindingKind.OFFLINE_WITH_LIVE_CONNECTION)
                    .id("site", agent.siteId())
                    .id("agent", agent.agentId())
                    .id("connection", c.connectionId())
                    .detail("lastActiveAt", c.lastActiveAt().orElseThrow())
                    .build())
        .toList();
  }
}
