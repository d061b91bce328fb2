package chat.presence.model.routing;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who may get a chat and in which order. The stored conditional write re-checks eligibility
 * atomically; this ranking only decides whom to try first.
 */
public final class RoutingRules {
  /** Fewest active chats first, then the one who waited longest since their last assignment. */
  public static final Comparator<AgentState> PREFERENCE =
      Comparator.comparingInt(AgentState::activeCount)
          .thenComparing(AgentState::lastAssignedAt)
          .thenComparing(AgentState::agentId);

  /**
   * The longest a routing attempt can still write after it read a chat: the router's timeout, and
   * as much again for a request already sent when the invocation was stopped.
   */
  public static final Duration ATTEMPT_LIFETIME = Duration.ofSeconds(2L * Schema.ROUTER_TIMEOUT_SECONDS);

  private RoutingRules() {}

  /** Available by the agent's own choice, connected, below capacity, and not unresponsive. */
  public static boolean isEligible(AgentState agent) {
    return agent.chosenStatus() == ChosenStatus.AVAILABLE
        && agent.hasConnection()
        && agent.hasCapacity()
        && !agent.isUnresponsive();
  }

  /**
   * Whether the chat's group lets the agent take it at {@code now}: it has no group, the agent is of
   * it, or the chat has waited the overflow time.
   */
  public static boolean groupAllows(AgentState agent, Chat chat, RoutingSettings settings, Instant now) {
    return chat.routing().group().map(agent.groups()::contains).orElse(true)
        || hasOverflowed(chat, settings, now);
  }

  /** The chat has a group and has waited long enough that any agent of the site may take it. */
  public static boolean hasOverflowed(Chat chat, RoutingSettings settings, Instant now) {
    return overflowsAt(chat, settings).map(at -> !at.isAfter(now)).orElse(false);
  }

  /** When the chat overflows its group; empty if it has none, or groups never overflow. */
  public static Optional<Instant> overflowsAt(Chat chat, RoutingSettings settings) {
    if (chat.routing().group().isEmpty() || !settings.overflowsGroups()) {
      return Optional.empty();
    }
    return Optional.of(chat.waitingSince().plus(settings.groupOverflow()));
  }

  /**
   * Until when the chat may wait for its preferred agent (while that agent is online and cannot
   * take it); empty if it names none, or chats do not wait for one.
   */
  public static Optional<Instant> stickyUntil(Chat chat, RoutingSettings settings) {
    if (chat.routing().preferredAgentId().isEmpty() || settings.stickyWait().isZero()) {
      return Optional.empty();
    }
    return Optional.of(chat.waitingSince().plus(settings.stickyWait()));
  }

  public static List<AgentState> rankEligible(Collection<AgentState> agents) {
    return agents.stream().filter(RoutingRules::isEligible).sorted(PREFERENCE).toList();
  }
}
