package chat.presence.local.bench.report;

import java.util.Map;

/**
 * When, where and how the benchmark ran.
 *
 * @param timeScale production time per run time: the run's heartbeat interval, heartbeat timeout,
 *     grace and reaper interval are the production ones divided by it
 */
public record RunInfo(
    String startedAt,
    double wallSeconds,
    String machine,
    int cores,
    String java,
    String command,
    Map<String, String> parameters,
    double timeScale) {}
