package chat.presence.model.wire;

import java.util.regex.Pattern;

/**
 * Ids of sites, agents, visitors and chats. They become parts of storage keys and queue message
 * groups, so they are restricted to characters that need no escaping anywhere.
 */
public final class Ids {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && ALLOWED.matcher(id).matches();
  }

  public static String describeRule() {
    return "1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_', ':', '@', '-'";
  }
}
