package chat.presence.bench.report;

import chat.presence.functions.handlers.RouterHandler;
import chat.presence.bench.measure.CapacityKey;
import chat.presence.bench.measure.CapacityRecorder;
import chat.presence.bench.measure.CapacitySnapshot;
import chat.presence.bench.measure.CapacityTotals;
import chat.presence.bench.measure.RouterBatches;
import chat.presence.bench.measure.WriteCeiling;
import chat.presence.bench.sim.RouterAlone;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One site's routing with the router alone, against what the emulator can write: the router's
 * storage writes per chat (from the capacity counted while it drained the pre-filled queue), the
 * emulator's ceiling of conditional writes per second, and the rate those two allow.
 *
 * @param router the router's calls while it drained the queue (its handler's, and any made off its
 *     stack by threads of its own)
 * @param writesPerChat write calls per chat assigned, failed conditions included
 * @param writeCallsByTable the same calls by table
 * @param boundRate the ceiling divided by the writes per chat: the most chats per second the
 *     emulator's writes allow this router
 * @param rateShare the rate measured over {@code boundRate}
 */
public record RouterAloneFigures(
    RouterAlone.Result routing,
    RouterBatches.Counts invocations,
    CapacityTotals router,
    Map<String, Long> writeCallsByTable,
    double writesPerChat,
    double writeUnitsPerChat,
    double readCallsPerChat,
    WriteCeiling.Result ceiling,
    double boundRate,
    double rateShare) {

  /** Handlers whose calls are the router's: its own, and calls from no handler's stack. */
  static final Set<String> ROUTER = Set.of(RouterHandler.class.getSimpleName(), CapacityRecorder.NO_HANDLER);

  public static RouterAloneFigures of(
      RouterAlone.Result routing, RouterBatches.Counts invocations, CapacitySnapshot window, WriteCeiling.Result ceiling) {
    CapacityTotals router = window.ofHandlers(ROUTER);
    Map<String, Long> byTable = new TreeMap<>();
    for (Map.Entry<CapacityKey, CapacityTotals> e : window.totals().entrySet()) {
      if (ROUTER.contains(e.getKey().handler()) && e.getValue().writeCalls() > 0) {
        byTable.merge(e.getKey().table(), e.getValue().writeCalls(), Long::sum);
      }
    }
    int assigned = Math.max(1, routing.assigned());
    double writesPerChat = round((double) router.writeCalls() / assigned);
    double bound = writesPerChat == 0 ? 0 : round(ceiling.writesPerSecond() / writesPerChat);
    return new RouterAloneFigures(
        routing,
        invocations,
        router,
        byTable,
        writesPerChat,
        round(router.writeUnits() / assigned),
        round((double) router.readCalls() / assigned),
        ceiling,
        bound,
        bound == 0 ? 0 : round(routing.chatsPerSecond() / bound));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
