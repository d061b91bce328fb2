package chat.presence.functions.audit;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An agent as the auditor sees it: the stored state and its connections. */
public record AgentFacts(AgentState state, List<ConnectionFacts> connections) {
  public AgentFacts {
    Objects.requireNonNull(state);
    connections = List.copyOf(connections);
  }

  public String siteId() {
    return state.siteId();
  }

  public String agentId() {
    return state.agentId();
  }

  /** Whether the gateway confirms at least one of the agent's connections live. */
  public boolean hasLiveConnection(PresenceRules rules, Instant now) {
    return connections.stream()
        .anyMatch(c -> rules.judge(c.lastActiveAt(), now) == ConnectionVerdict.ALIVE);
  }
}
