package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code transferChat}: by the agent holding the chat, or a supervisor of its site.
 *
 * <p>To an agent, after a read that refuses a target plainly not eligible, in four single-item writes ordered so that every crash point leaves a state the
 * router repairs: the chat is marked with the attempt (and kept in the pending index until the
 * attempt can no longer complete); the target is granted the chat's next generation by the same
 * conditional write that routing uses, which is the eligibility check; the chat then names the
 * target; last, the previous agent's holding is released. A target refused leaves nothing changed
 * but a cleared mark. A crash after the grant leaves a holding the router releases when the attempt
 * expires; a crash after the chat names the target leaves the previous agent's holding of an old
 * generation, which any pass releases.
 *
 * <p>To a group, one write puts the chat back at the front of the queue for that group in a new
 * generation, then the previous agent's holding is released.
 */
public final class TransferChatHandler extends TypedFrameHandler<ClientRequest.TransferChat> {
  private final ChatStore chats;
  private final AgentStore agents;
  private final ConnectionsGateway gateway;
  private final PresenceRules rules;
  private final RoutingHints hints;
  private final Notifier notifier;
  private final Clock clock;

  public TransferChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().agents(),
        Services.shared().gateway(),
        Services.shared().rules(),
        Services.shared().hints(),
        Services.shared().notifier(),
        Services.shared().clock());
  }

  public TransferChatHandler(
      FrameContext context,
      ChatStore chats,
      AgentStore agents,
      ConnectionsGateway gateway,
      PresenceRules rules,
      RoutingHints hints,
      Notifier notifier,
      Clock clock) {
    super(context, ClientRequest.TransferChat.class);
    this.chats = chats;
    this.agents = agents;
    this.gateway = gateway;
    this.rules = rules;
    this.hints = hints;
    this.notifier = notifier;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange, ClientRequest.TransferChat transfer, Identity caller) {
    Chat chat =
        chats
            .get(caller.siteId(), transfer.chatId())
            .orElseThrow(() -> notFound("no chat " + transfer.chatId() + " on this site", transfer));
    boolean mayTransfer =
        switch (caller.role()) {
          case SUPERVISOR -> true;
          case AGENT -> chat.isAssignedTo(caller.userId()) || alreadyDone(chat, transfer);
          case VISITOR -> false;
        };
    if (!mayTransfer) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "chat " + chat.chatId() + " is not assigned to you", transfer.requestId());
    }
    if (alreadyDone(chat, transfer)) {
      exchange.reply(ServerMessages.ack(transfer));
      return;
    }
    if (chat.state() != ChatState.ASSIGNED) {
      throw conflict(
          "chat " + chat.chatId() + " is " + chat.state().storedName() + ": only an assigned chat can be transferred",
          transfer);
    }
    if (transfer.toAgentId().isPresent()) {
      toAgent(exchange, transfer, chat, transfer.toAgentId().get());
    } else {
      toGroup(exchange, transfer, chat, transfer.toGroup().orElseThrow());
    }
  }

  /** A repeat of a transfer that succeeded: it is acknowledged again, and nothing changes. */
  private static boolean alreadyDone(Chat chat, ClientRequest.TransferChat transfer) {
    if (transfer.toAgentId().isPresent()) {
      return chat.isAssignedTo(transfer.toAgentId().get());
    }
    return chat.state() == ChatState.QUEUED && chat.routing().group().equals(transfer.toGroup());
  }

  private void toAgent(Exchange exchange, ClientRequest.TransferChat transfer, Chat chat, String target) {
    String siteId = chat.siteId();
    String from = chat.agentId().orElseThrow();
    AgentState targetAgent =
        agents
            .get(siteId, target)
            .orElseThrow(() -> notFound("no agent " + target + " on this site", transfer));
    Instant now = clock.instant();
    // Read first, so that a target plainly not eligible is refused before anything is written; the
    // grant below is what decides.
    if (!RoutingRules.isEligible(targetAgent) || !isLive(targetAgent, now)) {
      throw notEligible(target, transfer);
    }
    long next = chat.generation() + 1;
    // Each write that finds its condition failed reads what is there: a write the SDK sent again
    // fails on its own first success, and the same request sent twice meets its twin's writes.
    Chat marked =
        chats
            .markTransfer(chat, target, now.plus(RoutingRules.ATTEMPT_LIFETIME))
            .or(() -> chats.get(siteId, chat.chatId()).filter(c -> isAttemptOf(c, chat, target)))
            .orElseThrow(
                () -> conflict("chat " + chat.chatId() + " changed, or is being transferred: try again", transfer));
    Optional<AgentState> granted = agents.grant(siteId, target, chat.chatId(), next, Optional.empty(), now);
    if (granted.isEmpty()) {
      // The mark goes first: without it nothing can complete the attempt, so a holding that a
      // resent grant or the same request sent twice made can then be undone. A resent grant is not
      // adopted: its version may no longer be the agent's at the grant.
      if (chats.clearTransfer(siteId, chat.chatId(), target, next).isPresent()) {
        agents.release(siteId, target, chat.chatId(), next);
      } else if (chats.get(siteId, chat.chatId()).filter(c -> c.isHeldBy(target, next)).isPresent()) {
        // The same request, sent twice, completed the transfer and announces it.
        exchange.reply(ServerMessages.ack(transfer));
        return;
      }
      throw notEligible(target, transfer);
    }
    Optional<Chat> completed =
        chats
            .completeTransfer(marked, granted.get().version(), clock.instant())
            .or(() -> chats.get(siteId, chat.chatId()).filter(c -> c.isHeldBy(target, next)));
    if (completed.isEmpty()) {
      // Released first: the chat's mark is what keeps the router off the target's holding.
      agents.release(siteId, target, chat.chatId(), next);
      chats.clearTransfer(siteId, chat.chatId(), target, next);
      throw conflict("chat " + chat.chatId() + " changed during the transfer", transfer);
    }
    agents.release(siteId, from, chat.chatId(), chat.generation());
    // Announced and recorded so before the ack and before the hint that starts a router pass, so
    // that a pass seldom announces it a second time (a crash in between still leaves it to one).
    String frame = ServerMessages.chatTransferred(chat.chatId(), from, Optional.of(target), Optional.empty());
    notifier.toAgent(siteId, from, frame);
    notifier.toAgent(siteId, target, frame);
    notifier.toVisitor(siteId, chat.visitorId(), frame);
    // Counted from now, as the router counts it: an attempt that began meanwhile may still run.
    chats.recordAnnounced(completed.get(), clock.instant().plus(RoutingRules.ATTEMPT_LIFETIME));
    exchange.reply(ServerMessages.ack(transfer));
    hints.send(new RoutingEvent.AgentEligible(siteId, from, "transfer/" + chat.chatId() + "/" + next));
  }

  private void toGroup(Exchange exchange, ClientRequest.TransferChat transfer, Chat chat, String group) {
    String siteId = chat.siteId();
    String from = chat.agentId().orElseThrow();
    Chat queued =
        chats
            .transferToGroup(chat, group, clock.instant())
            .orElseThrow(
                () -> conflict("chat " + chat.chatId() + " changed, or is being transferred: try again", transfer));
    agents.release(siteId, from, chat.chatId(), chat.generation());
    hints.send(new RoutingEvent.ChatReturned(siteId, chat.chatId(), queued.generation()));
    exchange.reply(ServerMessages.ack(transfer));
    String frame = ServerMessages.chatTransferred(chat.chatId(), from, Optional.empty(), Optional.of(group));
    notifier.toAgent(siteId, from, frame);
    notifier.toVisitor(siteId, chat.visitorId(), frame);
  }

  /** Whether {@code current} is {@code seen} marked for a transfer to {@code target}. */
  private static boolean isAttemptOf(Chat current, Chat seen, String target) {
    return current.isAssignedTo(seen.agentId().orElseThrow())
        && current.generation() == seen.generation()
        && current.isTransferAttempt(target, seen.generation() + 1);
  }

  /**
   * Whether the gateway knows a live connection of the agent: a target whose sockets dropped
   * silently is not eligible, though its item still lists them.
   */
  private boolean isLive(AgentState agent, Instant now) {
    return agent.connections().stream()
        .anyMatch(id -> rules.judge(gateway.lastActiveAt(id), now) == ConnectionVerdict.ALIVE);
  }

  private static ProtocolException notEligible(String target, ClientRequest request) {
    return conflict(
        "agent " + target + " cannot take the chat: it is away, offline, unresponsive or full", request);
  }

  private static ProtocolException conflict(String message, ClientRequest request) {
    return new ProtocolException(ErrorCode.CONFLICT, message, request.requestId());
  }

  private static ProtocolException notFound(String message, ClientRequest request) {
    return new ProtocolException(ErrorCode.NOT_FOUND, message, request.requestId());
  }
}
