package chat.presence.bench.report;

import chat.presence.bench.measure.LatencySummary;
import chat.presence.bench.sim.ChatRecord;
import chat.presence.bench.sim.PhaseResult;
import chat.presence.bench.sim.SimAgent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a phase measured from the clients' side.
 *
 * @param assignAll requestChat sent to chat.assigned received by the agent, every measured chat
 * @param assignDirect the same for chats that never waited in the queue (no chat.queued): the
 *     figure to compare with the floor, since a queued chat waits for capacity, not for the system
 * @param throughputBySite assignments per second while the load ran
 * @param unsettled chats that had not ended when the phase gave up waiting
 * @param roundTrips each action's requests, sent to answered (the whole phase, warm-up included)
 * @param handshakes each connection's opening, request to open socket, which runs $connect
 */
public record PhaseSummary(
    String name,
    int sites,
    int agents,
    int agentConnections,
    int visitorsPerSite,
    double loadSeconds,
    double offeredChatsPerSecond,
    long chatsRequested,
    long chatsAssigned,
    long chatsQueuedFirst,
    long chatsShed,
    long chatsUnsettled,
    LatencySummary assignAll,
    LatencySummary assignDirect,
    LatencySummary requestChatAck,
    LatencySummary heartbeatRoundTrip,
    Map<String, Double> throughputBySite,
    double throughputTotal,
    long statusChangesAcked,
    long heartbeats,
    long connectionsLost,
    Map<String, Long> unanswered,
    Map<String, Long> errors,
    Map<String, LatencySummary> roundTrips,
    LatencySummary handshakes) {

  public static PhaseSummary of(PhaseResult phase) {
    List<ChatRecord> chats = phase.chats();
    Map<String, Double> bySite = new TreeMap<>();
    phase.assignedDuringLoadBySite().forEach((site, n) -> bySite.put(site, round(n / phase.loadSeconds())));
    return new PhaseSummary(
        phase.spec().name(),
        phase.spec().sites(),
        phase.agents().size(),
        phase.agentConnections(),
        phase.spec().visitorsPerSite(),
        round(phase.loadSeconds()),
        phase.spec().chatsPerSecond(),
        chats.size(),
        count(chats, ChatRecord::assigned),
        count(chats, ChatRecord::queued),
        phase.shed(),
        count(chats, c -> !c.settled()),
        assignLatency(chats, c -> true),
        assignLatency(chats, c -> !c.queued()),
        phase.requestChatAck(),
        phase.heartbeatRoundTrip(),
        bySite,
        round(phase.assignedDuringLoad() / phase.loadSeconds()),
        phase.statusChangesAcked(),
        phase.agentHeartbeats() + phase.visitorHeartbeats(),
        phase.agents().stream().mapToLong(SimAgent::connectionsLost).sum() + phase.visitorConnectionsLost(),
        phase.unanswered(),
        phase.errors(),
        phase.roundTrips(),
        phase.handshakes());
  }

  /** An action's round trip, or nothing measured. */
  public LatencySummary roundTrip(String action) {
    return roundTrips.getOrDefault(action, LatencySummary.EMPTY);
  }

  private static LatencySummary assignLatency(List<ChatRecord> chats, Predicate<ChatRecord> which) {
    return LatencySummary.ofNanos(
        chats.stream()
            .filter(ChatRecord::measured)
            .filter(which)
            .map(ChatRecord::assignNanos)
            .filter(n -> n.isPresent())
            .map(n -> n.getAsLong())
            .toList());
  }

  private static long count(List<ChatRecord> chats, Predicate<ChatRecord> which) {
    return chats.stream().filter(which).count();
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
