package chat.presence.model.presence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An agent as stored: the status it chose, its open connections, the chats it holds.
 *
 * @param holdings the chats the agent holds, each with the routing generation of the chat that the
 *     grant was made for: a holding whose generation is not the chat's current one is left over from
 *     an earlier attempt and is never completed, only released
 * @param lastDisconnectAt when a connection of the agent last went away; only meaningful once no
 *     connection is left, when it starts the grace period. It only ever moves forward.
 * @param lastAssignedAt when the agent last received a chat ({@link Instant#EPOCH} if never)
 * @param version counts the agent's status and connection changes; an assignment records the
 *     version it saw, which places it exactly among the agent's status changes
 * @param lastDisconnectReason why the connection that went away last went away
 * @param history the latest changes of the agent's effective status, oldest first
 * @param unresponsiveSince when an offer to the agent last expired unanswered, if the agent has not
 *     set a status or accepted a chat since: it is offered nothing meanwhile, whatever it chose
 * @param groups the routing groups the agent's latest connection's token named
 * @param presenceVersion counts every change of what a presence view of the agent shows (status,
 *     connections, chats held, capacity, unresponsive): subscribers keep the view of the highest.
 *     Apart from {@code version}, which routing compares and a grant must not move.
 */
public record AgentState(
    String siteId,
    String agentId,
    ChosenStatus chosenStatus,
    int maxChats,
    Set<String> connections,
    Map<String, Long> holdings,
    Optional<Instant> lastDisconnectAt,
    Instant lastAssignedAt,
    long version,
    Optional<TransitionReason> lastDisconnectReason,
    List<StatusChange> history,
    Optional<Instant> unresponsiveSince,
    Set<String> groups,
    long presenceVersion) {

  public AgentState {
    Objects.requireNonNull(siteId);
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(chosenStatus);
    connections = Set.copyOf(connections);
    holdings = Map.copyOf(holdings);
    Objects.requireNonNull(lastDisconnectAt);
    Objects.requireNonNull(lastAssignedAt);
    Objects.requireNonNull(lastDisconnectReason);
    history = List.copyOf(history);
    Objects.requireNonNull(unresponsiveSince);
    groups = Set.copyOf(groups);
  }

  /** An offer to the agent expired unanswered, and it has neither set a status nor accepted since. */
  public boolean isUnresponsive() {
    return unresponsiveSince.isPresent();
  }

  /** The chats the agent holds, whatever generation. */
  public Set<String> activeChats() {
    return holdings.keySet();
  }

  public int activeCount() {
    return holdings.size();
  }

  public boolean hasConnection() {
    return !connections.isEmpty();
  }

  public boolean hasCapacity() {
    return activeCount() < maxChats;
  }

  public boolean holds(String chatId) {
    return holdings.containsKey(chatId);
  }

  /** The generation of the chat the agent's holding was granted for, if it holds it. */
  public Optional<Long> holding(String chatId) {
    return Optional.ofNullable(holdings.get(chatId));
  }
}
