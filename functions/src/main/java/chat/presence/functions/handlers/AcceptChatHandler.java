package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.SiteStore;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.ErrorCode;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ProtocolException;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code acceptChat}: the agent takes a chat offered to it, if the offer is still its own and
 * unexpired; the chat is then assigned and announced to both sides. An agent that was unresponsive
 * is offered chats again. Asking again for a chat already accepted answers the same. The visitor's
 * wait, which ends here, counts towards the site's estimate.
 */
public final class AcceptChatHandler extends FrameHandler {
  private final ChatStore chats;
  private final SiteStore sites;
  private final StatusTimeline timeline;
  private final Notifier notifier;
  private final Clock clock;

  public AcceptChatHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().chats(),
        Services.shared().sites(),
        Services.shared().timeline(),
        Services.shared().notifier(),
        Services.shared().clock());
  }

  public AcceptChatHandler(
      FrameContext context,
      ChatStore chats,
      SiteStore sites,
      StatusTimeline timeline,
      Notifier notifier,
      Clock clock) {
    super(context);
    this.chats = chats;
    this.sites = sites;
    this.timeline = timeline;
    this.notifier = notifier;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    if (!(exchange.request() instanceof ClientRequest.AcceptChat accept)) {
      throw misrouted(exchange.request());
    }
    Identity agent = exchange.caller();
    Chat chat =
        chats
            .get(agent.siteId(), accept.chatId())
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.NOT_FOUND, "no chat " + accept.chatId() + " on this site", accept.requestId()));
    Instant now = clock.instant();
    Optional<Chat> accepted =
        chat.isOfferedTo(agent.userId()) ? chats.accept(chat, agent.userId(), now) : Optional.empty();
    accepted.ifPresent(
        c -> sites.recordWait(agent.siteId(), Duration.between(c.waitingSince(), now), now));
    Chat assigned =
        accepted
            .or(() -> chats.get(agent.siteId(), chat.chatId()))
            .filter(c -> c.isAssignedTo(agent.userId()))
            .orElseThrow(
                () ->
                    new ProtocolException(
                        ErrorCode.CONFLICT,
                        "chat " + chat.chatId() + " is not offered to you (it expired, was withdrawn or is someone else's)",
                        accept.requestId()));
    timeline.respond(agent.siteId(), agent.userId(), now);
    exchange.reply(ServerMessages.ack(accept));
    String frame =
        ServerMessages.chatAssigned(assigned.chatId(), assigned.siteId(), agent.userId(), assigned.visitorId());
    notifier.toAgent(agent.siteId(), agent.userId(), frame);
    notifier.toVisitor(agent.siteId(), assigned.visitorId(), frame);
    if (assigned.pendingKey().isPresent()) {
      chats.recordAnnounced(assigned, clock.instant().plus(RoutingRules.ATTEMPT_LIFETIME));
    }
  }
}
