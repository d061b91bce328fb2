package chat.presence.functions.audit;

import chat.presence.model.presence.AgentState;
import java.util.ArrayList;
import java.util.List;

/** An agent holds no more chats than its capacity. */
final class CapacityCheck implements InvariantCheck {
  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (AgentFacts agent : snapshot.agents()) {
      AgentState state = agent.state();
      int held = state.activeChats().size();
      if (held > state.maxChats()) {
        findings.add(
            Finding.of(FindingKind.OVER_CAPACITY)
                .id("site", agent.siteId())
                .id("agent", agent.agentId())
                .detail("active", held)
                .detail("max", state.maxChats())
                .build());
      }
    }
    return findings;
  }
}
