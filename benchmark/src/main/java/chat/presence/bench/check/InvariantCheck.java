package chat.presence.bench.check;

import chat.presence.bench.sim.ChatRecord;
import chat.presence.bench.sim.OfferRecord;
import chat.presence.bench.sim.PhaseResult;
import chat.presence.bench.sim.SimAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Checks everything a phase observed against the stored chats:
 *
 * <ul>
 *   <li>every {@code chat.assigned} an agent received: the stored chat names that agent, and the
 *       agent's last acknowledged status at the chat's {@code assignedAgentVersion} was available
 *       (the method of the routing storm test);
 *   <li>no chat reached two agents, and the visitor was told the stored agent;
 *   <li>capacity: no agent held more than its {@code maxChats} at any instant, counting each chat
 *       from the agent's receipt of its {@code chat.assigned} (or the stored {@code assignedAt} if
 *       later) to its stored {@code endedAt}. The stored {@code assignedAt} is when the router's
 *       pass began, which a slow pass leaves well before the grant; the announcement comes after
 *       it. The seat is freed only after the end is stored, so this count never exceeds what the
 *       agent really held. With offers, an offer holds a seat too: from its recording (its {@code
 *       expiresAt} less the timeout, after the grant) to its expiry if withdrawn, the sending of
 *       the decline if declined, or on through the assignment if accepted; each bound again within
 *       what the agent really held;
 *   <li>with offers, the offers' own invariants ({@link OfferCheck}).
 * </ul>
 *
 * A chat may legitimately move to another agent when its agent goes offline, so the two-agent
 * checks are skipped for agents that lost a connection during the phase (which is reported).
 */
public final class InvariantCheck {
  private InvariantCheck() {}

  public static List<Violation> check(PhaseResult phase, DynamoDbClient dynamo) {
    Map<String, StoredChat> stored = new HashMap<>();
    for (int s = 0; s < phase.spec().sites(); s++) {
      stored.putAll(StoredChat.ofSite(dynamo, phase.spec().siteId(s)));
    }
    Map<String, SimAgent> agents = new HashMap<>();
    phase.agents().forEach(a -> agents.put(a.agentId(), a));
    List<Violation> violations = new ArrayList<>();
    for (ChatRecord chat : phase.chats()) {
      checkAnnouncements(chat, stored.get(chat.chatId()), agents, violations);
    }
    Duration offerTimeout = phase.spec().offers().timeout();
    Map<String, List<OfferRecord>> offersByAgent =
        phase.offers().stream().collect(Collectors.groupingBy(OfferRecord::agentId));
    Map<String, ChatRecord> observed = new HashMap<>();
    phase.chats().forEach(chat -> observed.put(chat.chatId(), chat));
    for (SimAgent agent : phase.agents()) {
      List<Seat> seats =
          seats(agent, stored.values(), observed, offersByAgent.getOrDefault(agent.agentId(), List.of()), offerTimeout);
      checkCapacity(agent, seats, violations);
    }
    if (phase.spec().offers().on()) {
      OfferCheck.check(phase, agents, violations);
    }
    return violations;
  }

  /**
   * The last status the agent had acknowledged at {@code version}, by the version of its ack, when
   * it was not available. Before its first acknowledged change the agent has the status it
   * connected with: available.
   */
  static Optional<Map.Entry<Long, String>> awayAt(SimAgent agent, long version) {
    var lastAcked = new TreeMap<>(agent.ackedStatusByVersion()).floorEntry(version);
    return lastAcked == null || "available".equals(lastAcked.getValue()) ? Optional.empty() : Optional.of(lastAcked);
  }

  private static void checkAnnouncements(
      ChatRecord chat, StoredChat stored, Map<String, SimAgent> agents, List<Violation> violations) {
    Set<String> receivers = chat.agentReceipts().keySet();
    if (receivers.isEmpty()) {
      return;
    }
    if (stored == null) {
      violations.add(new Violation(Violation.NOT_STORED, "chat " + chat.chatId() + " announced to " + receivers));
      return;
    }
    boolean reassignable = receivers.stream().anyMatch(id -> agents.get(id).connectionsLost() > 0);
    if (receivers.size() > 1 && !reassignable) {
      violations.add(new Violation(Violation.TWO_AGENTS, "chat " + chat.chatId() + " announced to " + receivers));
    }
    String holder = stored.agentId().orElse("(none)");
    for (String receiver : receivers) {
      SimAgent agent = agents.get(receiver);
      if (!agent.siteId().equals(chat.siteId())) {
        violations.add(
            new Violation(
                Violation.OTHER_AGENT,
                "chat " + chat.chatId() + " of " + chat.siteId() + " announced to " + receiver + " of " + agent.siteId()));
      } else if (!receiver.equals(holder)) {
        if (!reassignable) {
          violations.add(
              new Violation(
                  Violation.OTHER_AGENT,
                  "chat " + chat.chatId() + " announced to " + receiver + " but stored for " + holder));
        }
      } else {
        checkStatusAtAssignment(chat, stored, agent, violations);
      }
    }
    chat.visitorToldAgent()
        .filter(told -> !told.equals(holder) && !reassignable)
        .ifPresent(
            told ->
                violations.add(
                    new Violation(
                        Violation.VISITOR_TOLD_OTHER_AGENT,
                        "chat " + chat.chatId() + ": visitor told " + told + ", stored " + holder)));
  }

  /**
   * The agent's status at the assignment is the last one acknowledged at or before its version
   * (with offers, the version of the offer's grant, which the accept keeps).
   */
  private static void checkStatusAtAssignment(
      ChatRecord chat, StoredChat stored, SimAgent agent, List<Violation> violations) {
    if (stored.assignedAgentVersion().isEmpty()) {
      violations.add(new Violation(Violation.NO_VERSION, "chat " + chat.chatId() + " of " + agent.agentId()));
      return;
    }
    long version = stored.assignedAgentVersion().getAsLong();
    awayAt(agent, version)
        .ifPresent(
            away ->
                violations.add(
                    new Violation(
                        Violation.AWAY_AT_ASSIGNMENT,
                        String.format(
                            "chat %s assigned to %s at version %d; status %s acknowledged at version %d",
                            chat.chatId(), agent.agentId(), version, away.getValue(), away.getKey()))));
  }

  /** A seat the agent held for a chat, in epoch millis; no end while it still held it. */
  private record Seat(String chatId, long from, Optional<Long> to) {}

  /**
   * The agent's seats: its stored assignments, each from the start of the accepted offer when
   * there was one, else from its announcement to the agent; and the offers that were declined or
   * withdrawn. Only offers the read found stored as received count, so that each seat is one the
   * agent surely held.
   */
  private static List<Seat> seats(
      SimAgent agent,
      Collection<StoredChat> stored,
      Map<String, ChatRecord> observed,
      List<OfferRecord> offers,
      Duration offerTimeout) {
    Map<String, Long> acceptedFrom = new HashMap<>();
    List<Seat> seats = new ArrayList<>();
    for (OfferRecord offer : offers) {
      if (offer.stored() != OfferRecord.Stored.AS_RECEIVED) {
        continue;
      }
      long from = offer.holdStartMillis(offerTimeout);
      if (offer.outcome() == OfferRecord.Outcome.ACCEPTED) {
        acceptedFrom.put(offer.chatId(), from);
      } else {
        offer.holdEndMillis().ifPresent(to -> seats.add(new Seat(offer.chatId(), from, Optional.of(to))));
      }
    }
    for (StoredChat chat : stored) {
      if (chat.agentId().filter(agent.agentId()::equals).isEmpty() || chat.assignedAtMillis().isEmpty()) {
        continue;
      }
      long assignedAt = chat.assignedAtMillis().getAsLong();
      long announced =
          Optional.ofNullable(observed.get(chat.chatId()))
              .flatMap(c -> c.agentReceivedMillis(agent.agentId()))
              .map(at -> Math.max(at, assignedAt))
              .orElse(assignedAt);
      long from = acceptedFrom.getOrDefault(chat.chatId(), announced);
      Optional<Long> to =
          chat.endedAtMillis().isPresent() ? Optional.of(chat.endedAtMillis().getAsLong()) : Optional.empty();
      seats.add(new Seat(chat.chatId(), from, to));
    }
    return seats;
  }

  private static void checkCapacity(SimAgent agent, List<Seat> seats, List<Violation> violations) {
    List<long[]> edges = new ArrayList<>();
    for (Seat seat : seats) {
      edges.add(new long[] {seat.from(), +1});
      seat.to().ifPresent(end -> edges.add(new long[] {end, -1}));
    }
    // At equal times an end counts before a start: the seat was free by then.
    edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int held = 0;
    for (long[] edge : edges) {
      held += (int) edge[1];
      if (held > agent.maxChats()) {
        violations.add(
            new Violation(
                Violation.OVER_CAPACITY,
                String.format(
                    "%s held %d chats (max %d) at %d; its chats and offers: %s",
                    agent.agentId(),
                    held,
                    agent.maxChats(),
                    edge[0],
                    seats.stream()
                        .map(s -> s.chatId() + "@" + s.from() + "-" + s.to().map(String::valueOf).orElse(""))
                        .collect(Collectors.joining(",")))));
        return;
      }
    }
  }
}
