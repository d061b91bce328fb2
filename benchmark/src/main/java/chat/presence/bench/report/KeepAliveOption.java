package chat.presence.bench.report;

/**
 * One keep-alive interval of the trade-off: its cost against how late a silently dropped client is
 * found.
 *
 * @param timeoutSeconds the heartbeat timeout that goes with the interval: a keep-alive may come
 *     that much later than its interval before the connection counts as silent
 * @param detectionSeconds the most time from a client's silent drop (no close reaches the gateway)
 *     to its agent shown offline: the timeout, then two reaper passes
 * @param pingDollars presence per 1,000 agent-hours with {@code ping}
 * @param heartbeatDollars the same with {@code heartbeat}
 * @param pingMeetsTarget {@code ping}'s cost and detection both within the targets
 */
public record KeepAliveOption(
    long intervalSeconds,
    long timeoutSeconds,
    long detectionSeconds,
    double pingDollars,
    double heartbeatDollars,
    boolean pingMeetsTarget) {}
