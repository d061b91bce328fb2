package chat.presence.functions.audit;

import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.routing.RoutingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing keeps up: no chat waits long while an agent of its site could take it (eligible as the
 * router sees it: available, below capacity, with a connection the gateway confirms live; of the
 * chat's group or the chat overflowed; not one who declined it), and no routing event has been
 * given up on. A chat still within its wait for a preferred agent is not reported.
 */
final class RoutingProgressCheck implements InvariantCheck {
  private final PresenceRules rules;
  private final Duration maxQueueWait;
  private final RoutingSettings routing;

  RoutingProgressCheck(PresenceRules rules, Duration maxQueueWait, RoutingSettings routing) {
    this.rules = rules;
    this.maxQueueWait = maxQueueWait;
    this.routing = routing;
  }

  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    Instant now = snapshot.now();
    List<Finding> findings = new ArrayList<>();
    for (Chat chat : snapshot.chats()) {
      Duration waited = Duration.between(chat.requestedAt(), now);
      boolean waitsForItsAgent =
          RoutingRules.stickyUntil(chat, routing).filter(until -> until.isAfter(now)).isPresent();
      if (chat.state() != ChatState.QUEUED || waited.compareTo(maxQueueWait) <= 0 || waitsForItsAgent) {
        continue;
      }
      List<String> eligible =
          snapshot.agentsOfSite(chat.siteId()).stream()
              .filter(a -> RoutingRules.isEligible(a.state()) && a.hasLiveConnection(rules, now))
              .filter(a -> RoutingRules.groupAllows(a.state(), chat, routing, now))
              .filter(a -> !chat.declinedBy().contains(a.agentId()))
              .map(AgentFacts::agentId)
              .toList();
      if (!eligible.isEmpty()) {
        findings.add(
            Finding.of(FindingKind.QUEUED_WHILE_AGENT_ELIGIBLE)
                .id("site", chat.siteId())
                .id("chat", chat.chatId())
                .detail("waitedSeconds", waited.toSeconds())
                .detail("eligible", String.join(",", eligible))
                .build());
      }
    }
    DeadLetterCount deadLetters = snapshot.deadLetters();
    deadLetters
        .unreadBecause()
        .ifPresent(
            reason ->
                findings.add(
                    Finding.of(FindingKind.CHECK_FAILED)
                        .id("check", "DeadLetterQueue")
                        .id("queue", deadLetters.queueName())
                        .detail("error", reason)
                        .build()));
    if (deadLetters.messages() > 0) {
      findings.add(
          Finding.of(FindingKind.DEAD_LETTERS)
              .id("queue", deadLetters.queueName())
              .detail("messages", deadLetters.messages())
              .build());
    }
    return findings;
  }
}
