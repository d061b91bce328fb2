package chat.presence.local.bench;

import chat.presence.local.bench.measure.RouterBatches;
import chat.presence.local.bench.report.CapacityFigures;
import chat.presence.local.bench.sim.PhaseResult;
import java.util.List;
import java.util.Map;

/** What the main phase produced: the clients' view, its checks and the capacity. */
record MainPhase(
    PhaseResult result,
    RouterBatches.Counts router,
    Map<String, Long> framesSent,
    Map<String, Long> framesReceived,
    CapacityFigures capacity) {

  private static final List<String> PRESENCE_FRAMES =
      List.of("heartbeat", "setStatus", "ack:heartbeat", "ack:setStatus");

  /** Frames sent and received per chat, heartbeats and status changes left out. */
  double messagesPerChat() {
    long frames =
        framesSent.entrySet().stream().filter(e -> !PRESENCE_FRAMES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum()
            + framesReceived.entrySet().stream()
                .filter(e -> !PRESENCE_FRAMES.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    return result.chats().isEmpty() ? 0 : (double) frames / result.chats().size();
  }

  double routingEventsPerInvocation() {
    return router.batches() == 0 ? 1 : (double) router.messages() / router.batches();
  }
}
