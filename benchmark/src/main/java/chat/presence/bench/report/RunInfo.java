package chat.presence.bench.report;

import java.util.Map;

/**
 * When, where and how the benchmark ran.
 *
 * @param timeScale production time per run time: the run's heartbeat interval, heartbeat timeout,
 *     grace and reaper interval are the production ones divided by it
 * @param loadAverage the machine's one-minute load average at the start and at the end (negative
 *     where the system does not report it): other work on the machine skews every timing
 */
public record RunInfo(
    String startedAt,
    double wallSeconds,
    String machine,
    int cores,
    String java,
    String command,
    Map<String, String> parameters,
    double timeScale,
    double[] loadAverage) {}
