package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.SiteStore;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RecentWaits;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.ClientRequest;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code getAvailability}: whether a new chat would find an agent, for a widget choosing between a
 * chat and a message form: the agents eligible for a chat now, the chats waiting (queued or
 * offered), and the estimated wait from the site's recent waits. With a {@code group}: the agents of
 * that group, and the chats waiting for it (overflow aside, they are the ones it competes with).
 */
public final class GetAvailabilityHandler extends FrameHandler {
  private final AgentStore agents;
  private final ChatStore chats;
  private final SiteStore sites;
  private final PresenceRules rules;
  private final Clock clock;

  public GetAvailabilityHandler() {
    this(
        FrameContext.of(Services.shared()),
        Services.shared().agents(),
        Services.shared().chats(),
        Services.shared().sites(),
        Services.shared().rules(),
        Services.shared().clock());
  }

  public GetAvailabilityHandler(
      FrameContext context,
      AgentStore agents,
      ChatStore chats,
      SiteStore sites,
      PresenceRules rules,
      Clock clock) {
    super(context);
    this.agents = agents;
    this.chats = chats;
    this.sites = sites;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  protected void handle(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (!(request instanceof ClientRequest.GetAvailability asked)) {
      throw misrouted(request);
    }
    Identity caller = exchange.caller();
    Instant now = clock.instant();
    int available =
        (int)
            agents.ofSite(caller.siteId()).stream()
                .filter(RoutingRules::isEligible)
                .filter(agent -> rules.effectiveStatus(agent, now) == EffectiveStatus.AVAILABLE)
                .filter(agent -> asked.group().map(agent.groups()::contains).orElse(true))
                .count();
    int waiting =
        (int)
            chats.pending(caller.siteId(), now).stream()
                .filter(Chat::isWaiting)
                .filter(chat -> asked.group().isEmpty() || chat.routing().group().equals(asked.group()))
                .count();
    exchange.reply(
        ServerMessages.availability(
            available,
            waiting,
            RecentWaits.estimateSeconds(available, waiting, sites.recentWaits(caller.siteId()), now),
            request.requestId()));
  }
}
