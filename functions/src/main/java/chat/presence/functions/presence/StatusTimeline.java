package chat.presence.functions.presence;

import chat.presence.functions.store.AgentStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.wire.Identity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes an agent's status changes together with their reason-coded timeline entry. Each write is
 * conditional on the agent's version, so the timeline never misses or reorders a change; a
 * concurrent change makes it re-read and try again.
 */
public final class StatusTimeline {
  private static final int ATTEMPTS = 10;

  private final AgentStore agents;
  private final PresenceRules rules;

  public StatusTimeline(AgentStore agents, PresenceRules rules) {
    this.agents = agents;
    this.rules = rules;
  }

  /**
   * Registers a connection; the chosen status is the requested one, else the last chosen. A
   * connection that changes nothing others see (the agent is online and keeps its status) is added
   * without a version check, so simultaneous connects of one agent never conflict; only a change of
   * what others see goes through the versioned write that keeps the timeline in order.
   */
  public AgentState connect(
      Identity agent, String connectionId, Optional<ChosenStatus> requested, Instant now) {
    return retry(
        () -> {
          Optional<AgentState> before = agents.get(agent.siteId(), agent.userId());
          ChosenStatus chosen =
              requested.orElse(before.map(AgentState::chosenStatus).orElse(ChosenStatus.AVAILABLE));
          if (before.isPresent()) {
            Optional<AgentState> attached =
                agents.attachWhileOnline(
                    agent, connectionId, chosen, now.minus(rules.settings().offlineGrace()));
            if (attached.isPresent()) {
              return attached;
            }
          }
          long version = before.map(AgentState::version).orElse(0L);
          List<StatusChange> history =
              appended(before, rules.onConnect(before, chosen, now, version + 1));
          return agents.connect(agent, connectionId, chosen, version, history, now);
        });
  }

  /** Stores the agent's choice. Empty if the agent has never connected. */
  public Optional<AgentState> choose(String siteId, String agentId, ChosenStatus status, Instant now) {
    return choose(siteId, agentId, status, Optional.empty(), now);
  }

  /**
   * Stores a status chosen for the agent by {@code supervisorId}, recorded with reason {@code
   * admin}. Empty if the agent has never connected.
   */
  public Optional<AgentState> chooseFor(
      String siteId, String agentId, ChosenStatus status, String supervisorId, Instant now) {
    return choose(siteId, agentId, status, Optional.of(supervisorId), now);
  }

  private Optional<AgentState> choose(
      String siteId, String agentId, ChosenStatus status, Optional<String> supervisor, Instant now) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<AgentState> before = agents.get(siteId, agentId);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      AgentState agent = before.get();
      long version = agent.version() + 1;
      Optional<StatusChange> entry =
          supervisor.isPresent()
              ? Optional.of(rules.onAdminChoice(status, supervisor.get(), now, version))
              : rules.onChoice(agent, status, now, version);
      List<StatusChange> history = appended(before, entry);
      Optional<AgentState> written =
          agents.setStatus(siteId, agentId, status, agent.version(), history);
      if (written.isPresent()) {
        return written;
      }
    }
    throw gaveUp();
  }

  /**
   * An offer of {@code chatId} to the agent expired unanswered: frees its holding of it and makes it
   * unresponsive, with an {@code offer_timeout} entry. Empty if the agent no longer holds it for
   * that generation.
   */
  public Optional<AgentState> markUnresponsive(
      String siteId, String agentId, String chatId, long generation, Instant now) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<AgentState> before = agents.get(siteId, agentId);
      if (before.isEmpty() || before.get().holding(chatId).filter(g -> g == generation).isEmpty()) {
        return Optional.empty();
      }
      AgentState agent = before.get();
      StatusChange entry =
          new StatusChange(
              rules.effectiveStatus(agent, now), TransitionReason.OFFER_TIMEOUT, now, agent.version() + 1);
      Optional<AgentState> written =
          agents.releaseUnanswered(
              siteId, agentId, chatId, generation, agent.version(), appended(before, Optional.of(entry)), now);
      if (written.isPresent()) {
        return written;
      }
    }
    throw gaveUp();
  }

  /** The agent accepted a chat: if it was unresponsive, it is offered chats again. */
  public void respond(String siteId, String agentId, Instant now) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<AgentState> before = agents.get(siteId, agentId);
      if (before.isEmpty() || !before.get().isUnresponsive()) {
        return;
      }
      AgentState agent = before.get();
      StatusChange entry =
          new StatusChange(
              EffectiveStatus.of(agent.chosenStatus()), TransitionReason.USER, now, agent.version() + 1);
      if (agents.respond(siteId, agentId, agent.version(), appended(before, Optional.of(entry))).isPresent()) {
        return;
      }
    }
    throw gaveUp();
  }

  /** Adds the offline entry of an agent whose grace period is over; no-op if superseded or shown. */
  public void recordOfflineIfDue(AgentState agent, Instant now) {
    rules
        .offlineEntry(agent, now)
        .ifPresent(
            entry ->
                agents.recordOffline(
                    agent.siteId(),
                    agent.agentId(),
                    agent.version(),
                    agent.lastDisconnectAt(),
                    appended(Optional.of(agent), Optional.of(entry))));
  }

  /** Notes that the staleness breaker kept the agent online, once per activation. */
  public void recordBreakerHold(AgentState agent, EffectiveStatus shown, Instant now) {
    List<StatusChange> history = agent.history();
    if (!history.isEmpty() && history.get(history.size() - 1).reason() == TransitionReason.BREAKER) {
      return;
    }
    agents.recordTimeline(
        agent.siteId(),
        agent.agentId(),
        agent.version(),
        appended(
            Optional.of(agent),
            Optional.of(new StatusChange(shown, TransitionReason.BREAKER, now, agent.version()))));
  }

  private static List<StatusChange> appended(Optional<AgentState> agent, Optional<StatusChange> entry) {
    List<StatusChange> history = new ArrayList<>(agent.map(AgentState::history).orElse(List.of()));
    entry.ifPresent(history::add);
    return StatusChange.bounded(history);
  }

  private static AgentState retry(Supplier<Optional<AgentState>> attempt) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<AgentState> written = attempt.get();
      if (written.isPresent()) {
        return written.get();
      }
    }
    throw gaveUp();
  }

  private static IllegalStateException gaveUp() {
    return new IllegalStateException("the agent kept changing; gave up after " + ATTEMPTS + " attempts");
  }
}
