package chat.presence.bench.report;

import chat.presence.bench.init.InitTimings;
import chat.presence.bench.measure.FloorProbe;
import chat.presence.bench.measure.QueueBacklogSampler;
import chat.presence.bench.measure.RouterBatches;
import chat.presence.bench.sim.PathProbe;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run found; written as JSON as it is, and as Markdown for people.
 *
 * @param violations broken invariants, the auditor's findings included; any fails the run
 * @param audit the auditor's lines
 * @param peak the single-site peak phase, or null when it was skipped
 * @param offers what the agents saw of offers in the main phase, or null when offers were off
 * @param peakOffers the same for the peak phase, or null when offers were off or it was skipped
 * @param fullPath the full-path floor: requestChat to chat.assigned on an idle site, sampled during
 *     the main phase's load
 * @param assignToFullPathP99 the main phase's direct-assignment p99 (with offers, its first-offer
 *     p99) over the full-path floor's p99
 * @param floor the storage floor: one assignment's storage calls, back to back, after the load
 * @param assignToFloorP99 the same p99 over the storage floor's p99
 * @param routerAlone one site's routing with the router alone, and the emulator's write ceiling;
 *     null when skipped
 */
public record BenchReport(
    RunInfo run,
    boolean passed,
    List<String> violations,
    List<String> audit,
    PhaseSummary main,
    PhaseSummary peak,
    OfferSummary offers,
    OfferSummary peakOffers,
    PathProbe.Result fullPath,
    double assignToFullPathP99,
    FloorProbe.Result floor,
    double assignToFloorP99,
    RouterAloneFigures routerAlone,
    PresencePush presencePush,
    HandlerTimes handlerTimes,
    LogVolume logs,
    RouterBatches.Counts mainRouter,
    Map<String, Long> mainFramesSent,
    Map<String, Long> mainFramesReceived,
    CapacityFigures capacity,
    CostFigures cost,
    InitTimings init,
    List<QueueBacklogSampler.Sample> queueBacklog,
    List<TargetCheck> targets) {}
