package chat.presence.bench.sim;

import chat.presence.bench.measure.LatencySummary;
import java.util.List;
import java.util.Map;

/**
 * What one phase did and saw, from the clients' side.
 *
 * @param loadSeconds how long chats were requested and statuses changed
 * @param loadAndDrainSeconds from the start of the load to the end of the drain: the window of the
 *     load's capacity figures
 * @param visitorConnectionsLost visitor connections the server closed (agents' are counted per agent)
 * @param shed requests not made because too many chats were waiting for an agent
 * @param unanswered requests without an answer within the timeout, by action
 * @param errors error answers, by code
 * @param offers every offer an agent received, with what became of it (none when offers are off)
 * @param offerReadsFailed reads for the offer checks that failed: each an offer or a timeline unchecked
 * @param roundTrips each action's requests answered without an error, request to answer
 * @param handshakes each connection's opening, from the upgrade request to the open socket ($connect)
 */
public record PhaseResult(
    PhaseSpec spec,
    List<SimAgent> agents,
    List<ChatRecord> chats,
    double loadSeconds,
    double loadAndDrainSeconds,
    int agentConnections,
    int visitorConnections,
    long visitorConnectionsLost,
    long agentHeartbeats,
    long visitorHeartbeats,
    long statusChangesAcked,
    long shed,
    Map<String, Long> unanswered,
    Map<String, Long> errors,
    LatencySummary heartbeatRoundTrip,
    LatencySummary requestChatAck,
    Map<String, Long> assignedDuringLoadBySite,
    List<OfferRecord> offers,
    long offerReadsFailed,
    Map<String, LatencySummary> roundTrips,
    LatencySummary handshakes) {

  public long assignedDuringLoad() {
    return assignedDuringLoadBySite.values().stream().mapToLong(Long::longValue).sum();
  }
}
