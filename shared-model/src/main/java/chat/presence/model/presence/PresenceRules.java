package chat.presence.model.presence;

import java.time.Instant;
import java.util.Optional;

/**
 * The presence rules. Liveness is always decided by comparing a time with the clock, never by
 * waiting for a stored record to expire or be deleted.
 */
public final class PresenceRules {
  private final PresenceSettings settings;

  public PresenceRules(PresenceSettings settings) {
    this.settings = settings;
  }

  public PresenceSettings settings() {
    return settings;
  }

  /**
   * Offline only when no connection is left and the last one went away longer than the grace
   * period ago; otherwise the status the agent chose.
   */
  public EffectiveStatus effectiveStatus(AgentState agent, Instant now) {
    if (agent.hasConnection() || withinGrace(agent, now)) {
      return EffectiveStatus.of(agent.chosenStatus());
    }
    return EffectiveStatus.OFFLINE;
  }

  /**
   * An agent with no connection left, past the grace period, who still holds chats: the chats must
   * go back to the queue.
   */
  public boolean offlineDeclarationDue(AgentState agent, Instant now) {
    return effectiveStatus(agent, now) == EffectiveStatus.OFFLINE && !agent.activeChats().isEmpty();
  }

  /**
   * What the gateway's view of a connection proves. Only "gone", or no frame for the heartbeat
   * timeout, counts as proof that the connection is dead.
   */
  public ConnectionVerdict judge(Optional<Instant> gatewayLastActiveAt, Instant now) {
    if (gatewayLastActiveAt.isEmpty()) {
      return ConnectionVerdict.GONE;
    }
    return silentSince(gatewayLastActiveAt.get()).isAfter(now)
        ? ConnectionVerdict.ALIVE
        : ConnectionVerdict.SILENT;
  }

  /**
   * What the gateway's view of a connection opened at {@code connectedAt} proves. The gateway
   * answers "gone" also while a connection's {@code $connect} is still running, so that answer
   * proves a connection dead only once it is older than the longest handshake.
   */
  public ConnectionVerdict judge(Optional<Instant> gatewayLastActiveAt, Instant connectedAt, Instant now) {
    ConnectionVerdict verdict = judge(gatewayLastActiveAt, now);
    if (verdict == ConnectionVerdict.GONE && connectedAt.plus(settings.handshakeTimeout()).isAfter(now)) {
      return ConnectionVerdict.CONNECTING;
    }
    return verdict;
  }

  /** When a connection whose last frame arrived at {@code lastActiveAt} stops counting as live. */
  public Instant silentSince(Instant lastActiveAt) {
    return lastActiveAt.plus(settings.heartbeatTimeout());
  }

  /** Whether a connection opened at {@code connectedAt} is old enough to have timed out. */
  public boolean couldHaveTimedOut(Instant connectedAt, Instant now) {
    return !silentSince(connectedAt).isAfter(now);
  }

  /**
   * The timeline entry a connect makes, if it changes what others see: an agent coming back from
   * offline (or never seen), or one choosing another status on connect.
   *
   * @param before the agent as stored before the connect, if ever seen
   */
  public Optional<StatusChange> onConnect(
      Optional<AgentState> before, ChosenStatus chosen, Instant now, long version) {
    if (before.isEmpty() || effectiveStatus(before.get(), now) == EffectiveStatus.OFFLINE) {
      return Optional.of(
          new StatusChange(EffectiveStatus.of(chosen), TransitionReason.CONNECT, now, version));
    }
    return onChoice(before.get(), chosen, now, version);
  }

  /**
   * The timeline entry of an agent's choice, if it changes what others see: another chosen status,
   * or the same one by an agent that was unresponsive (a choice is what makes it responsive again).
   */
  public Optional<StatusChange> onChoice(
      AgentState before, ChosenStatus chosen, Instant now, long version) {
    return before.chosenStatus() == chosen && !before.isUnresponsive()
        ? Optional.empty()
        : Optional.of(new StatusChange(EffectiveStatus.of(chosen), TransitionReason.USER, now, version));
  }

  /**
   * The timeline entry of a supervisor choosing the agent's status: always one, even when the
   * status stays, since the correction itself is worth seeing.
   */
  public StatusChange onAdminChoice(ChosenStatus chosen, String supervisorId, Instant now, long version) {
    return new StatusChange(EffectiveStatus.of(chosen), TransitionReason.ADMIN, now, version, Optional.of(supervisorId));
  }

  /**
   * The offline entry of an agent whose grace period is over, unless the timeline already shows it
   * offline. It is dated when the grace period ended, with the reason its last connection went.
   */
  public Optional<StatusChange> offlineEntry(AgentState agent, Instant now) {
    boolean recorded =
        !agent.history().isEmpty()
            && agent.history().get(agent.history().size() - 1).status() == EffectiveStatus.OFFLINE;
    if (recorded || effectiveStatus(agent, now) != EffectiveStatus.OFFLINE) {
      return Optional.empty();
    }
    Instant at = agent.lastDisconnectAt().map(d -> d.plus(settings.offlineGrace())).orElse(now);
    return Optional.of(
        new StatusChange(
            EffectiveStatus.OFFLINE,
            agent.lastDisconnectReason().orElse(TransitionReason.DISCONNECT),
            at,
            agent.version()));
  }

  private boolean withinGrace(AgentState agent, Instant now) {
    return agent
        .lastDisconnectAt()
        .map(at -> !at.plus(settings.offlineGrace()).isBefore(now))
        .orElse(false);
  }

  public enum ConnectionVerdict {
    ALIVE,
    SILENT,
    GONE,
    /** The gateway answered "gone", but the connection may still be in its handshake: not live now, not dead. */
    CONNECTING
  }
}
