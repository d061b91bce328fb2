package chat.presence.model.routing;

import java.time.Instant;
import java.util.Optional;

/**
 * Sort keys of a site's sparse {@code pending} index: what the router still has to do about a
 * chat, in the order it does it.
 *
 * <ul>
 *   <li>{@code 1#p#…} a queued chat: by priority (highest first, as {@code p} = 9 - priority), then
 *       a chat taken back from an agent before the new requests, then request order;
 *   <li>{@code 2#expiry#…} offered to an agent, the offer announced: withdrawn at {@code expiry};
 *   <li>{@code 5#…} assigned or offered, but not yet announced;
 *   <li>{@code 8#due#…} assigned and announced, or ended: kept until {@code due}, when no routing
 *       attempt that saw the chat queued can still be running, so that a grant such an attempt made
 *       and never recorded is found and released by the pass that settles the chat.
 * </ul>
 */
public final class PendingKey {
  private static final String QUEUED = "1";
  private static final String TAKEN_BACK = "0";
  private static final String REQUESTED = "1";
  private static final String OFFER = "2";
  private static final String ANNOUNCE = "5";
  private static final String SETTLE = "8";

  private PendingKey() {}

  public static String forRequest(int priority, Instant requestedAt, String chatId) {
    return queued(priority, REQUESTED, requestedAt, chatId);
  }

  /** A chat taken back from an agent: ahead of the new requests of its priority. */
  public static String forRequeue(int priority, Instant requestedAt, String chatId) {
    return queued(priority, TAKEN_BACK, requestedAt, chatId);
  }

  private static String queued(int priority, String returned, Instant requestedAt, String chatId) {
    if (priority < 0 || priority > ChatRouting.MAX_PRIORITY) {
      throw new IllegalArgumentException("priority out of range: " + priority);
    }
    return key(QUEUED + "#" + (ChatRouting.MAX_PRIORITY - priority) + "#" + returned, requestedAt, chatId);
  }

  public static String forAnnouncement(Instant requestedAt, String chatId) {
    return key(ANNOUNCE, requestedAt, chatId);
  }

  /** An announced offer, withdrawn at {@code expiresAt} unless accepted. */
  public static String forOffer(Instant expiresAt, String chatId) {
    return key(OFFER, expiresAt, chatId);
  }

  /** Settles at {@code due}: after the longest a routing attempt can live. */
  public static String forSettling(Instant due, String chatId) {
    return key(SETTLE, due, chatId);
  }

  /**
   * The exclusive upper bound of the keys with work due at {@code now}: every queued and
   * unannounced chat, and the chats whose settling time has come.
   */
  public static String dueBefore(Instant now) {
    return SETTLE + "#" + digits(now.plusMillis(1));
  }

  /** A key above every pending key: a pass that continues after it works on no listed chat. */
  public static String beyondEvery() {
    return "9";
  }

  /** The lowest settling key: keys below it are routing work, whatever the time. */
  public static String settlingFloor() {
    return SETTLE + "#";
  }

  public static boolean isAnnouncement(String key) {
    return key.startsWith(ANNOUNCE + "#");
  }

  /** When a settling key is due; empty for any other key. */
  public static Optional<Instant> settlingDue(String key) {
    return timeOf(SETTLE, key);
  }

  /** When an announced offer expires; empty for any other key. */
  public static Optional<Instant> offerExpiry(String key) {
    return timeOf(OFFER, key);
  }

  private static Optional<Instant> timeOf(String group, String key) {
    if (!key.startsWith(group + "#")) {
      return Optional.empty();
    }
    int end = key.indexOf('#', group.length() + 1);
    return Optional.of(Instant.ofEpochMilli(Long.parseLong(key.substring(group.length() + 1, end))));
  }

  private static String key(String group, Instant at, String chatId) {
    return group + "#" + digits(at) + "#" + chatId;
  }

  private static String digits(Instant at) {
    return String.format("%015d", at.toEpochMilli());
  }
}
