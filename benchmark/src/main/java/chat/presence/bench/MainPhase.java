package chat.presence.bench;

import chat.presence.bench.measure.LogMeter;
import chat.presence.bench.measure.RouterBatches;
import chat.presence.bench.report.CapacityFigures;
import chat.presence.bench.report.PresencePush;
import chat.presence.bench.sim.PathProbe;
import chat.presence.bench.sim.PhaseResult;
import java.util.List;
import java.util.Map;

/**
 * What the main phase produced: the clients' view, its checks and the capacity; the full-path floor
 * sampled during its load, the presence pushes a subscribed console saw, and what the handlers
 * logged.
 */
record MainPhase(
    PhaseResult result,
    RouterBatches.Counts router,
    Map<String, Long> framesSent,
    Map<String, Long> framesReceived,
    CapacityFigures capacity,
    PathProbe.Result fullPath,
    PresencePush presencePush,
    LogMeter.Snapshot logged,
    long reaperPasses) {

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
