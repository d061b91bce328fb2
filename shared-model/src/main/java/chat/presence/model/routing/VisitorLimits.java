package chat.presence.model.routing;

import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one visitor may ask of a site: at most {@code maxOpenChats} chats that have not ended, so
 * that one visitor's token cannot flood the site's queue. A chat takes its place by a listing, made
 * before the chat is stored; which listings may be given up is decided here.
 */
public record VisitorLimits(int maxOpenChats) {
  /**
   * How long a listing waits for its chat to be stored before its place is given up: longer than a
   * {@code requestChat} invocation may run (10 s deployed), so that only a request that failed or
   * crashed between the two writes loses it, never one still on its way.
   */
  public static final Duration ADMISSION_LIFETIME = Duration.ofSeconds(30);

  public static final VisitorLimits DEFAULTS =
      new VisitorLimits(Setting.MAX_OPEN_CHATS_PER_VISITOR.defaultCount());
  private static final int MOST = 100;

  public VisitorLimits {
    if (maxOpenChats < 1 || maxOpenChats > MOST) {
      throw new IllegalArgumentException(
          Setting.MAX_OPEN_CHATS_PER_VISITOR.envName() + " must be from 1 to " + MOST + ", got " + maxOpenChats);
    }
  }

  public static VisitorLimits fromEnvironment(Map<String, String> env) {
    return new VisitorLimits(Setting.MAX_OPEN_CHATS_PER_VISITOR.count(env));
  }

  /**
   * The listings that no longer hold a place: a second listing of one chat (a repeated request), a
   * chat that ended, and a chat not stored within {@link #ADMISSION_LIFETIME} of its listing.
   *
   * @param stored the state of each listed chat that is stored
   */
  public List<Listing> released(List<Listing> listed, Map<String, ChatState> stored, Instant now) {
    Set<String> counted = new HashSet<>();
    List<Listing> released = new ArrayList<>();
    for (Listing listing : listed) {
      boolean repeated = !counted.add(listing.chatId());
      ChatState state = stored.get(listing.chatId());
      boolean ended = state == ChatState.ENDED;
      boolean neverStored = state == null && listing.listedAt().plus(ADMISSION_LIFETIME).isBefore(now);
      if (repeated || ended || neverStored) {
        released.add(listing);
      }
    }
    return released;
  }

  /**
   * A chat's place in its visitor's list, stored as {@code chatId#millis}: {@code #} is never in an
   * id. A place stored without a time (before times were kept) reads as listed long ago.
   */
  public record Listing(String chatId, Instant listedAt) {
    private static final char SEPARATOR = '#';

    public String stored() {
      return chatId + SEPARATOR + listedAt.toEpochMilli();
    }

    public static Listing parse(String stored) {
      int separator = stored.lastIndexOf(SEPARATOR);
      if (separator < 0) {
        return new Listing(stored, Instant.EPOCH);
      }
      try {
        return new Listing(
            stored.substring(0, separator), Instant.ofEpochMilli(Long.parseLong(stored.substring(separator + 1))));
      } catch (NumberFormatException notATime) {
        return new Listing(stored, Instant.EPOCH);
      }
    }
  }
}
