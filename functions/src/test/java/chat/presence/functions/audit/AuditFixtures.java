package chat.presence.functions.audit;

import java.util.Set;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.ChatTransfer;
import chat.presence.model.routing.PendingKey;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.routing.VisitorAbsence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import chat.presence.model.routing.ChatRouting;

/**
 * Stored states for the auditor, with the production timings: grace 15 s, heartbeat timeout 90 s,
 * and the audit's defaults (queue wait, settle time and reaper interval 60 s).
 */
final class AuditFixtures {
  static final String SITE = "s1";
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final DeadLetterCount NO_DEAD_LETTERS =
      new DeadLetterCount("presence-routing-dlq.fifo", 0);

  private AuditFixtures() {}

  static AuditReport audit(List<AgentFacts> agents, List<Chat> chats) {
    return audit(agents, chats, NO_DEAD_LETTERS);
  }

  static AuditReport audit(List<AgentFacts> agents, List<Chat> chats, DeadLetterCount deadLetters) {
    return new Auditor(new PresenceRules(PresenceSettings.DEFAULTS), AuditSettings.DEFAULTS, RoutingSettings.DEFAULTS)
        .audit(new AuditSnapshot(NOW, agents, chats, deadLetters));
  }

  static Chat assigned(String chatId, String agentId, long agentVersion) {
    Instant requestedAt = NOW.minus(Duration.ofMinutes(3));
    return new Chat(
        SITE,
        chatId,
        "vic",
        ChatState.ASSIGNED,
        Optional.of(agentId),
        1,
        requestedAt,
        Optional.empty(),
        Optional.of(requestedAt.plusSeconds(1)),
        Optional.of(agentVersion),
        Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), requestedAt, Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  /** The chat, marked with a transfer to {@code toAgentId} for its next generation until {@code until}. */
  static Chat inTransfer(Chat c, String toAgentId, Instant until) {
    return new Chat(
        c.siteId(), c.chatId(), c.visitorId(), c.state(), c.agentId(), c.generation(), c.requestedAt(),
        c.pendingKey(), c.assignedAt(), c.assignedAgentVersion(), c.endedBy(), c.endedAt(), c.offerExpiresAt(),
        c.declinedBy(), c.waitingSince(), c.announcedPosition(), c.visitor(), c.routing(),
        new ChatTransfer(
            Optional.of(new ChatTransfer.Attempt(toAgentId, c.generation() + 1, until)), Optional.empty()));
  }

  static Chat queued(String chatId, Instant requestedAt) {
    return queued(chatId, requestedAt, ChatRouting.ANYONE);
  }

  /** A chat requested for a routing group. */
  static Chat queuedFor(String group, String chatId, Instant requestedAt) {
    return queued(chatId, requestedAt, new ChatRouting(Optional.of(group), 0, Optional.empty()));
  }

  private static Chat queued(String chatId, Instant requestedAt, ChatRouting routing) {
    return new Chat(
        SITE,
        chatId,
        "vic",
        ChatState.QUEUED,
        Optional.empty(),
        1,
        requestedAt,
        Optional.of(PendingKey.forRequest(routing.priority(), requestedAt, chatId)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), requestedAt, Optional.empty(), VisitorAbsence.NONE, routing, ChatTransfer.NONE);
  }

  static Chat ended(String chatId, String agentId) {
    Instant requestedAt = NOW.minus(Duration.ofMinutes(20));
    return new Chat(
        SITE,
        chatId,
        "vic",
        ChatState.ENDED,
        Optional.of(agentId),
        1,
        requestedAt,
        Optional.empty(),
        Optional.of(requestedAt.plusSeconds(1)),
        Optional.of(1L),
        Optional.of("vic"),
        Optional.of(requestedAt.plusSeconds(60)), Optional.empty(), Set.of(), requestedAt, Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  /** A chat offered to the agent at {@code offeredAt}, expiring at {@code expiresAt}. */
  static Chat offered(String chatId, String agentId, Instant offeredAt, Instant expiresAt) {
    Instant requestedAt = offeredAt.minusSeconds(1);
    return new Chat(
        SITE, chatId, "vic", ChatState.OFFERED, Optional.of(agentId), 1, requestedAt,
        Optional.of(PendingKey.forOffer(expiresAt, chatId)), Optional.of(offeredAt), Optional.of(1L),
        Optional.empty(), Optional.empty(), Optional.of(expiresAt), Set.of(), requestedAt,
        Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  /** The chat, its visitor having left at {@code leftAt} and not come back. */
  static Chat visitorLeft(Chat chat, Instant leftAt) {
    return new Chat(
        chat.siteId(), chat.chatId(), chat.visitorId(), chat.state(), chat.agentId(), chat.generation(),
        chat.requestedAt(), chat.pendingKey(), chat.assignedAt(), chat.assignedAgentVersion(),
        chat.endedBy(), chat.endedAt(), chat.offerExpiresAt(), chat.declinedBy(), chat.waitingSince(),
        chat.announcedPosition(), new VisitorAbsence(Optional.of(leftAt), Optional.empty(), Optional.empty()), ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  static StatusChange change(EffectiveStatus status, long version) {
    return new StatusChange(
        status,
        TransitionReason.USER,
        NOW.minus(Duration.ofHours(1)).plusSeconds(version),
        version);
  }
}
