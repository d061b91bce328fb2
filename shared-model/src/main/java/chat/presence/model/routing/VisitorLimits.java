package chat.presence.model.routing;

import java.util.Map;
import java.util.Optional;

/**
 * What one visitor may ask of a site: at most {@code maxOpenChats} chats that have not ended, so
 * that one visitor's token cannot flood the site's queue.
 */
public record VisitorLimits(int maxOpenChats) {
  public static final String MAX_OPEN_CHATS = "PRESENCE_MAX_OPEN_CHATS_PER_VISITOR";
  public static final VisitorLimits DEFAULTS = new VisitorLimits(3);
  private static final int MOST = 100;

  public VisitorLimits {
    if (maxOpenChats < 1 || maxOpenChats > MOST) {
      throw new IllegalArgumentException(MAX_OPEN_CHATS + " must be from 1 to " + MOST + ", got " + maxOpenChats);
    }
  }

  public static VisitorLimits fromEnvironment(Map<String, String> env) {
    return Optional.ofNullable(env.get(MAX_OPEN_CHATS))
        .map(String::trim)
        .filter(value -> !value.isEmpty())
        .map(VisitorLimits::parse)
        .orElse(DEFAULTS);
  }

  private static VisitorLimits parse(String value) {
    try {
      return new VisitorLimits(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_OPEN_CHATS + " must be a whole number, got " + value, e);
    }
  }
}
