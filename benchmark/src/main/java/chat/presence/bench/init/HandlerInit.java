package chat.presence.bench.init;

import java.util.List;

/**
 * One handler's cold starts, in milliseconds.
 *
 * @param totals process start to first event handled, one per successful run
 * @param medianConstruct class loading and the handler's constructor (its SDK clients included)
 * @param medianFirstInvoke the first event, which also pays for lazily loaded classes
 * @param failure the last failed run's output, or null when every run succeeded
 */
public record HandlerInit(
    String handler,
    List<Double> totals,
    double medianTotal,
    double medianConstruct,
    double medianFirstInvoke,
    String failure) {}
