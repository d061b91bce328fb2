package chat.presence.functions.audit;

import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Only the agent, or a supervisor through {@code setAgentStatus}, changes a chosen status: in each
 * agent's timeline, every entry that shows a chosen status other than the one before it must be the
 * agent's choice ({@code user}, or {@code connect} with a status the agent asked for) or a
 * supervisor's ({@code admin}). Offline entries are derived and change no choice.
 */
final class ChosenStatusCheck implements InvariantCheck {
  private static final Set<TransitionReason> CHOOSERS =
      Set.of(TransitionReason.USER, TransitionReason.CONNECT, TransitionReason.ADMIN);

  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (AgentFacts agent : snapshot.agents()) {
      EffectiveStatus chosen = null;
      for (StatusChange change : agent.state().history()) {
        if (change.status() == EffectiveStatus.OFFLINE) {
          continue;
        }
        if (chosen != null && change.status() != chosen && !CHOOSERS.contains(change.reason())) {
          findings.add(
              Finding.of(FindingKind.CHOSEN_STATUS_CHANGED_BY_SYSTEM)
                  .id("site", agent.state().siteId())
                  .id("agent", agent.agentId())
                  .detail("from", chosen.wireName())
                  .detail("to", change.status().wireName())
                  .detail("reason", change.reason().wireName())
                  .detail("version", change.version())
                  .build());
        }
        chosen = change.status();
      }
    }
    return findings;
  }
}
