package chat.presence.functions.audit;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An agent as the auditor sees it: the stored state and its connections.
 *
 * @param asked whether the gateway answered for each of its connections; an agent left unasked
 *     (the audit's time ran out, or the gateway failed) has no liveness to judge this audit
 */
public record AgentFacts(AgentState state, List<ConnectionFacts> connections, boolean asked) {
  public AgentFacts {
    Objects.requireNonNull(state);
    connections = List.copyOf(connections);
  }

  public AgentFacts(AgentState state, List<ConnectionFacts> connections) {
    this(state, connections, true);
  }

  /** The agent's stored state, its connections not asked of the gateway. */
  public static AgentFacts unasked(AgentState state) {
    return new AgentFacts(state, List.of(), false);
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
