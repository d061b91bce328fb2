package chat.presence.functions.presence;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A visitor's comings and goings, as its open chats record them (a visitor has no item of its own):
 * a closed connection marks each open chat and sets a timer for the end of the grace period, when
 * the router asks the gateway whether the visitor is really gone. Marks only move forward, so a
 * late or repeated call changes nothing that a later one did.
 */
public final class VisitorPresence {
  private final ChatStore chats;
  private final ConnectionStore connections;
  private final ConnectionsGateway gateway;
  private final TimerQueue timers;
  private final PresenceRules rules;
  private final Clock clock;

  public VisitorPresence(
      ChatStore chats,
      ConnectionStore connections,
      ConnectionsGateway gateway,
      TimerQueue timers,
      PresenceRules rules,
      Clock clock) {
    this.chats = chats;
    this.connections = connections;
    this.gateway = gateway;
    this.timers = timers;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * A connection of the visitor, on which {@code requestedOnIt} were requested (or refused as
   * another visitor's), closed {@code at}.
   * Called before its record is deleted: a crash in between leaves the record, which the reaper
   * drops again, and this runs again.
   */
  public void left(String siteId, String visitorId, Set<String> requestedOnIt, Instant at) {
    Instant due = at.plus(rules.settings().offlineGrace());
    Set<String> open = new TreeSet<>();
    chats.openOfVisitor(siteId, visitorId).forEach(chat -> open.add(chat.chatId()));
    List<String> onlyListed = requestedOnIt.stream().filter(chatId -> !open.contains(chatId)).toList();
    // A chat listed on the connection that has ended (or is another visitor's) would only fail both
    // conditional writes below, each charged as a write; a read is cheaper. Ending and a chat's
    // visitor never change back, so even a stale read may skip it.
    Map<String, Chat> stored = chats.getAll(siteId, onlyListed);
    for (String chatId : onlyListed) {
      if (Optional.ofNullable(stored.get(chatId)).filter(chat -> settled(chat, visitorId)).isEmpty()) {
        open.add(chatId);
      }
    }
    for (String chatId : open) {
      Optional<Chat> marked = chats.markVisitorLeft(siteId, chatId, visitorId, at);
      // A chat listed on the connection but not stored yet: its request is still on the way, and
      // finds it stored here, with the departure on record. The request's group and priority are
      // not known here; the chat is abandoned anyway unless the visitor returns within the grace
      // period, and then it is routed as a chat for anyone.
      if (marked.isEmpty()
          && requestedOnIt.contains(chatId)
          && chats.create(siteId, chatId, visitorId, ChatRouting.ANYONE, at)) {
        marked = chats.markVisitorLeft(siteId, chatId, visitorId, at);
      }
      if (marked.isPresent()) {
        timers.schedule(
            new RoutingEvent.ChatDue(siteId, chatId, due.toEpochMilli()), Duration.between(clock.instant(), due));
      }
    }
  }

  private static boolean settled(Chat chat, String visitorId) {
    return chat.state() == ChatState.ENDED || !chat.visitorId().equals(visitorId);
  }

  /**
   * A connection of the visitor is registered (its record written) {@code at}: each open chat
   * records the visitor back (the index's copy may not show a departure yet, so each is written).
   *
   * @return the chats, as they were, whose agent had been told that the visitor left
   */
  public List<Chat> back(String siteId, String visitorId, Instant at) {
    List<Chat> noticed = new ArrayList<>();
    for (Chat open : chats.openOfVisitor(siteId, visitorId)) {
      chats
          .markVisitorBack(siteId, open.chatId(), at)
          .filter(before -> before.visitor().noticed())
          .ifPresent(noticed::add);
    }
    return noticed;
  }

  /**
   * Whether a connection of the visitor is live by the gateway's answer, or too young for a "gone"
   * answer to prove anything while its record still exists.
   */
  public boolean isLive(String siteId, String visitorId) {
    Instant now = clock.instant();
    for (ConnectionRecord record : connections.ofUser(siteId, visitorId)) {
      Optional<Instant> lastActiveAt = gateway.lastActiveAt(record.connectionId());
      ConnectionVerdict verdict = rules.judge(lastActiveAt, record.connectedAt(), now);
      if (verdict == ConnectionVerdict.ALIVE) {
        return true;
      }
      // The gateway's "gone" proves nothing while the handshake may run, unless the record is gone
      // too: the index can still list a connection whose close was already handled.
      if (verdict == ConnectionVerdict.CONNECTING
          && connections.get(record.connectionId()).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
