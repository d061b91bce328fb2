package chat.presence.local.bench.report;

import chat.presence.local.bench.init.InitTimings;
import chat.presence.local.bench.measure.FloorProbe;
import chat.presence.local.bench.measure.QueueBacklogSampler;
import chat.presence.local.bench.measure.RouterBatches;
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
 * @param assignToFloorP99 the main phase's direct-assignment p99 over the floor's p99; with offers,
 *     its first-offer p99 over the floor's p99
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
    FloorProbe.Result floor,
    double assignToFloorP99,
    RouterBatches.Counts mainRouter,
    Map<String, Long> mainFramesSent,
    Map<String, Long> mainFramesReceived,
    CapacityFigures capacity,
    CostFigures cost,
    InitTimings init,
    List<QueueBacklogSampler.Sample> queueBacklog,
    List<TargetCheck> targets) {}
