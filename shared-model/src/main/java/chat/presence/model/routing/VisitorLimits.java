package chat.presence.model.routing;

import chat.presence.model.settings.Setting;
import java.util.Map;

/**
 * What one visitor may ask of a site: at most {@code maxOpenChats} chats that have not ended, so
 * that one visitor's token cannot flood the site's queue.
 */
public record VisitorLimits(int maxOpenChats) {
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
}
