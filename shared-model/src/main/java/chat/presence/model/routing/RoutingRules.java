package chat.presence.model.routing;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

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

  public static List<AgentState> rankEligible(Collection<AgentState> agents) {
    return agents.stream().filter(RoutingRules::isEligible).sorted(PREFERENCE).toList();
  }
}
