package chat.presence.bench.report;

import java.util.List;

/**
 * How long each kind of invocation runs, as the cost model prices Lambda duration: measured locally
 * in the run (milliseconds, medians), and the factor that turns a local time into a deployed one.
 *
 * @param localCallMillis one conditional UpdateItem on the emulator with no other load (the storage
 *     floor's grant step, median)
 * @param deployedCallMillis one single-item DynamoDB call from Lambda in the same region, assumed
 * @param factor {@code deployedCallMillis / localCallMillis}: the handlers' time is mostly their
 *     storage and gateway calls, so a deployed invocation is taken to last its local time times this
 * @param basis where each local time comes from
 */
public record HandlerTimes(
    double connect,
    double disconnect,
    double keepAliveAnswer,
    double setStatus,
    double requestChat,
    double endChat,
    double subscribe,
    double router,
    double localCallMillis,
    double deployedCallMillis,
    double factor,
    List<String> basis) {

  /** A local time as deployed. */
  public double deployed(double localMillis) {
    return localMillis * factor;
  }
}
