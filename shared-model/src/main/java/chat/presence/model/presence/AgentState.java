package chat.presence.model.presence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An agent as stored: the status it chose, its open connections, its active chats.
 *
 * @param lastDisconnectAt when a connection of the agent last went away; only meaningful once no
 *     connection is left, when it starts the grace period
 * @param lastAssignedAt when the agent last received a chat ({@link Instant#EPOCH} if never)
 * @param version counts the agent's status and connection changes; an assignment records the
 *     version it saw, which places it exactly among the agent's status changes
 * @param lastDisconnectReason why the connection that went away last went away
 * @param history the latest changes of the agent's effective status, oldest first
 */
public record AgentState(
    String siteId,
    String agentId,
    ChosenStatus chosenStatus,
    int maxChats,
    Set<String> connections,
    Set<String> activeChats,
    Optional<Instant> lastDisconnectAt,
    Instant lastAssignedAt,
    long version,
    Optional<TransitionReason> lastDisconnectReason,
    List<StatusChange> history) {

  public AgentState {
    Objects.requireNonNull(siteId);
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(chosenStatus);
    connections = Set.copyOf(connections);
    activeChats = Set.copyOf(activeChats);
    Objects.requireNonNull(lastDisconnectAt);
    Objects.requireNonNull(lastAssignedAt);
    Objects.requireNonNull(lastDisconnectReason);
    history = List.copyOf(history);
  }

  public int activeCount() {
    return activeChats.size();
  }

  public boolean hasConnection() {
    return !connections.isEmpty();
  }

  public boolean hasCapacity() {
    return activeCount() < maxChats;
  }

  public boolean holds(String chatId) {
    return activeChats.contains(chatId);
  }
}
