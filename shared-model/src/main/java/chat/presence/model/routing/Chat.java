package chat.presence.model.routing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat as stored.
 *
 * @param pendingKey present while the router still has work on the chat (queued, or assigned but
 *     not yet announced); it orders the site's queue
 * @param assignedAgentVersion the assigned agent's version at the moment of assignment, which
 *     places the assignment among the agent's status changes (for audits)
 */
public record Chat(
    String siteId,
    String chatId,
    String visitorId,
    ChatState state,
    Optional<String> agentId,
    Instant requestedAt,
    Optional<String> pendingKey,
    Optional<Instant> assignedAt,
    Optional<Long> assignedAgentVersion,
    Optional<String> endedBy) {

  public Chat {
    Objects.requireNonNull(siteId);
    Objects.requireNonNull(chatId);
    Objects.requireNonNull(visitorId);
    Objects.requireNonNull(state);
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(requestedAt);
    Objects.requireNonNull(pendingKey);
    Objects.requireNonNull(assignedAt);
    Objects.requireNonNull(assignedAgentVersion);
    Objects.requireNonNull(endedBy);
  }

  public boolean isAssignedTo(String agent) {
    return state == ChatState.ASSIGNED && agentId.filter(agent::equals).isPresent();
  }
}
