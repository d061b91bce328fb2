package chat.presence.functions.audit;

import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.routing.Chat;
import java.util.ArrayList;
import java.util.List;

/**
 * No chat is assigned to an agent who chose away: the agent's version recorded on the chat places
 * the assignment among the agent's status changes. When the bounded history no longer reaches back
 * to that version the status is unknown, which is not a breach.
 */
final class AwayAtAssignmentCheck implements InvariantCheck {
  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Chat chat : snapshot.chats()) {
      if (chat.agentId().isEmpty() || chat.assignedAgentVersion().isEmpty()) {
        continue;
      }
      String agentId = chat.agentId().get();
      long version = chat.assignedAgentVersion().get();
      snapshot
          .agent(chat.siteId(), agentId)
          .flatMap(agent -> StatusChange.chosenAt(agent.state().history(), version))
          .filter(chosen -> chosen == EffectiveStatus.AWAY)
          .ifPresent(
              away ->
                  findings.add(
                      Finding.of(FindingKind.AWAY_AT_ASSIGNMENT)
                          .id("site", chat.siteId())
                          .id("chat", chat.chatId())
                          .id("agent", agentId)
                          .detail("version", version)
                          .build()));
    }
    return findings;
  }
}
