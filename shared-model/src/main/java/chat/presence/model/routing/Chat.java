package chat.presence.model.routing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat as stored.
 *
 * @param generation counts the chat's returns to the queue: a grant to an agent is made for one
 *     generation, and only a grant of the current generation may be recorded as the assignment
 * @param pendingKey present while the router still has work on the chat (see {@link PendingKey});
 *     it orders the site's queue
 * @param assignedAgentVersion the assigned agent's version at the moment of assignment, which
 *     places the assignment among the agent's status changes (for audits)
 * @param offerExpiresAt while offered: when the offer is withdrawn unless accepted
 * @param declinedBy the agents who declined the chat or let an offer of it expire: never offered
 *     it again
 * @param waitingSince when the chat last started waiting for an agent: its request, or its return
 *     from an agent who went offline (an offer that comes back does not restart the wait)
 * @param announcedPosition the place in the queue its visitor was last told, while it waits
 * @param visitor what is known of the visitor being away
 * @param routing the group, priority and preferred agent the visitor asked for
 * @param transfer a transfer to another agent under way, and the last one made
 */
public record Chat(
    String siteId,
    String chatId,
    String visitorId,
    ChatState state,
    Optional<String> agentId,
    long generation,
    Instant requestedAt,
    Optional<String> pendingKey,
    Optional<Instant> assignedAt,
    Optional<Long> assignedAgentVersion,
    Optional<String> endedBy,
    Optional<Instant> endedAt,
    Optional<Instant> offerExpiresAt,
    Set<String> declinedBy,
    Instant waitingSince,
    Optional<AnnouncedPosition> announcedPosition,
    VisitorAbsence visitor,
    ChatRouting routing,
    ChatTransfer transfer) {

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
    Objects.requireNonNull(endedAt);
    Objects.requireNonNull(offerExpiresAt);
    declinedBy = Set.copyOf(declinedBy);
    Objects.requireNonNull(waitingSince);
    Objects.requireNonNull(announcedPosition);
    Objects.requireNonNull(visitor);
    Objects.requireNonNull(routing);
    Objects.requireNonNull(transfer);
  }

  /** Still waiting for an agent, as its visitor sees it: queued, or offered to one. */
  public boolean isWaiting() {
    return state == ChatState.QUEUED || state == ChatState.OFFERED;
  }

  public boolean isAssignedTo(String agent) {
    return state == ChatState.ASSIGNED && agentId.filter(agent::equals).isPresent();
  }

  /**
   * Whether the holding of {@code agent} for generation {@code grantedFor} is this chat's current
   * assignment or offer.
   */
  public boolean isHeldBy(String agent, long grantedFor) {
    return (state == ChatState.ASSIGNED || state == ChatState.OFFERED)
        && agentId.filter(agent::equals).isPresent()
        && generation == grantedFor;
  }

  public boolean isOfferedTo(String agent) {
    return state == ChatState.OFFERED && agentId.filter(agent::equals).isPresent();
  }

  /** Whether {@code agent}'s holding for {@code generation} was made by this chat's transfer attempt. */
  public boolean isTransferAttempt(String agent, long generation) {
    return transfer
        .attempt()
        .filter(a -> a.toAgentId().equals(agent) && a.generation() == generation)
        .isPresent();
  }
}
