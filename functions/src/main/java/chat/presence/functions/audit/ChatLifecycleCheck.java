package chat.presence.functions.audit;

import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.routing.VisitorAbsence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The timers of a chat's life keep their word: no offer outlives its expiry, no chat outlives its
 * visitor's absence, and no offer goes to an agent that is unresponsive. Each is allowed {@link
 * #LATE_BY}, for a timer's rounding and a router pass.
 */
final class ChatLifecycleCheck implements InvariantCheck {
  static final Duration LATE_BY = Duration.ofSeconds(10);

  private final PresenceRules rules;
  private final RoutingSettings routing;

  ChatLifecycleCheck(PresenceRules rules, RoutingSettings routing) {
    this.rules = rules;
    this.routing = routing;
  }

  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    Instant now = snapshot.now();
    Instant late = now.minus(LATE_BY);
    List<Finding> findings = new ArrayList<>();
    for (Chat chat : snapshot.chats()) {
      chat.offerExpiresAt()
          .filter(expiry -> chat.state() == ChatState.OFFERED && expiry.isBefore(late))
          .ifPresent(
              expiry ->
                  findings.add(
                      Finding.of(FindingKind.OFFER_PAST_EXPIRY)
                          .id("site", chat.siteId())
                          .id("chat", chat.chatId())
                          .detail("agent", chat.agentId().orElseThrow())
                          .detail("expiredSecondsAgo", Duration.between(expiry, now).toSeconds())
                          .build()));
      visitorGoneSince(chat)
          .filter(due -> due.isBefore(late))
          .ifPresent(
              due ->
                  findings.add(
                      Finding.of(FindingKind.OPEN_AFTER_VISITOR_LEFT)
                          .id("site", chat.siteId())
                          .id("chat", chat.chatId())
                          .detail("state", chat.state().storedName())
                          .detail("visitor", chat.visitorId())
                          .detail("leftAt", chat.visitor().leftAt().orElseThrow().toString())
                          .build()));
    }
    for (AgentFacts agent : snapshot.agents()) {
      Optional<Instant> unresponsiveSince = agent.state().unresponsiveSince();
      if (unresponsiveSince.isEmpty()) {
        continue;
      }
      for (String chatId : agent.state().activeChats()) {
        snapshot
            .chat(agent.siteId(), chatId)
            .filter(chat -> chat.isOfferedTo(agent.agentId()))
            .filter(chat -> chat.assignedAt().filter(at -> at.isAfter(unresponsiveSince.get())).isPresent())
            .ifPresent(
                chat ->
                    findings.add(
                        Finding.of(FindingKind.OFFERED_WHILE_UNRESPONSIVE)
                            .id("site", agent.siteId())
                            .id("agent", agent.agentId())
                            .detail("chat", chatId)
                            .detail("unresponsiveSince", unresponsiveSince.get().toString())
                            .build()));
      }
    }
    return findings;
  }

  /**
   * When the chat should have ended since its visitor left: a waiting chat once the grace period
   * is over, an assigned one once the return window is.
   */
  private Optional<Instant> visitorGoneSince(Chat chat) {
    VisitorAbsence visitor = chat.visitor();
    Duration grace = rules.settings().offlineGrace();
    if (chat.isWaiting()) {
      return visitor.goneFrom(grace);
    }
    return chat.state() == ChatState.ASSIGNED
        ? visitor.endsAt(grace, routing.visitorReturn())
        : Optional.empty();
  }
}
