package chat.presence.model.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * What a visitor's request asks of routing.
 *
 * @param group only agents of this group may take the chat, until it overflows
 * @param priority 0 to {@link #MAX_PRIORITY}; higher is served first
 * @param preferredAgentId the agent the chat waits for, when online, before anyone else takes it
 */
public record ChatRouting(Optional<String> group, int priority, Optional<String> preferredAgentId) {
  public static final int MAX_PRIORITY = 9;
  public static final int MAX_GROUP_LENGTH = 64;
  public static final int MAX_GROUPS_PER_AGENT = 20;

  /** A chat any agent of the site may take, at the default priority. */
  public static final ChatRouting ANYONE = new ChatRouting(Optional.empty(), 0, Optional.empty());

  public ChatRouting {
    Objects.requireNonNull(group);
    Objects.requireNonNull(preferredAgentId);
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be from 0 to " + MAX_PRIORITY);
    }
    if (group.isPresent() && !isValidGroup(group.get())) {
      throw new IllegalArgumentException("not a group name: " + group.get());
    }
  }

  /** A group name: 1 to 64 characters, none of them a control character. */
  public static boolean isValidGroup(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_GROUP_LENGTH
        && name.chars().noneMatch(Character::isISOControl);
  }

  public static String describeGroupRule() {
    return "1 to " + MAX_GROUP_LENGTH + " characters, none of them a control character";
  }
}
