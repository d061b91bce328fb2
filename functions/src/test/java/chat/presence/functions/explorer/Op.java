package chat.presence.functions.explorer;

import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.wire.Role;
import java.util.Optional;

/**
 * One step of a schedule. Steps name what they act on by the index of the step that created it (a
 * tab by its {@link Connect}, an invocation by the step that started it), so that a schedule with
 * steps removed still means the same thing for the steps left; a step whose target does not exist
 * (or no longer can act) does nothing.
 */
sealed interface Op {
  /** A client opens a connection; the handshake invokes {@code $connect}. */
  record Connect(String userId, Role role, Optional<ChosenStatus> status) implements Op {}

  /**
   * The client stops sending heartbeats (a tab in the background, a frozen page); its socket stays
   * open. Clients otherwise heartbeat on their own as time passes.
   */
  record Mute(int tab) implements Op {}

  /** The client closes its socket; with {@code dropDisconnect}, the gateway never says so. */
  record Close(int tab, boolean dropDisconnect) implements Op {}

  /**
   * A page reload: the client closes the tab's connection and opens a new one with the same token
   * (the new tab is named by this step).
   */
  record Reload(int tab) implements Op {}

  /** The client's network dies without a close: the gateway keeps the connection, silent. */
  record LoseNetwork(int tab) implements Op {}

  record SetStatus(int tab, ChosenStatus status) implements Op {}

  record RequestChat(int tab, String chatId, ChatRouting routing) implements Op {
    /** A request for anyone of the site, at the default priority. */
    RequestChat(int tab, String chatId) {
      this(tab, chatId, ChatRouting.ANYONE);
    }
  }

  record EndChat(int tab, String chatId) implements Op {}

  record GetChats(int tab) implements Op {}

  /** Exactly one of {@code toAgentId} and {@code toGroup}, as the contract asks. */
  record TransferChat(int tab, String chatId, Optional<String> toAgentId, Optional<String> toGroup)
      implements Op {}

  /** The client subscribes its connection to its site's presence. */
  record SubscribePresence(int tab) implements Op {}

  record AcceptChat(int tab, String chatId) implements Op {}

  record DeclineChat(int tab, String chatId) implements Op {}

  /** The gateway delivers the oldest {@code $disconnect} it owes. */
  record DeliverDisconnect() implements Op {}

  /** Lambda's event source receives a batch of routing events and invokes the router. */
  record RouterPass() implements Op {}

  record ReaperPass() implements Op {}

  /**
   * A parked invocation's call goes ahead, with what happens to it; then, if {@code calls} is more
   * than one, its next calls go ahead too, untouched.
   */
  record Resume(int actor, Fate fate, int calls) implements Op {}

  /** Time passes; every client that heartbeats sends a frame meanwhile. */
  record Advance(long millis) implements Op {}

  /** The eventually consistent indexes catch up by one write. */
  record PropagateIndex() implements Op {}

  /** A routing event is sent again with a fresh deduplication id: a replay, or a late redelivery. */
  record Duplicate(int nth) implements Op {}
}
