package chat.presence.bench.sim;

import java.time.Duration;

/**
 * One phase of simulated load. Times are those of the run, already scaled down from production.
 *
 * @param name also the prefix of the phase's site and chat ids
 * @param maxWaiting chats requested but not yet assigned beyond which new requests are skipped
 *     (counted as shed), so that an overloaded phase measures throughput instead of a growing queue
 * @param chatHold mean time a chat lasts once assigned (exponentially distributed, cut at three
 *     times the mean)
 * @param visitorEndsShare the share of chats the visitor ends; the agent ends the others
 * @param statusChangesPerAgentMinute each a setStatus to available or away
 * @param availableShare the chance that a status change chooses available
 * @param warmup chats requested this early count for the checks but not for latency
 * @param offers how the agents answer offers ({@link OfferAnswers#OFF} when chats are assigned
 *     directly)
 */
public record PhaseSpec(
    String name,
    int sites,
    int agents,
    int maxChats,
    int maxConnectionsPerAgent,
    int visitorsPerSite,
    Duration duration,
    Duration warmup,
    double chatsPerSecond,
    int maxWaiting,
    Duration chatHold,
    double visitorEndsShare,
    double statusChangesPerAgentMinute,
    double availableShare,
    Duration heartbeatInterval,
    Duration drainTimeout,
    OfferAnswers offers) {

  public PhaseSpec {
    if (sites < 1 || agents < sites) {
      throw new IllegalArgumentException(name + ": need at least one site and one agent per site");
    }
    if (maxConnectionsPerAgent < 1 || visitorsPerSite < 1 || maxChats < 1) {
      throw new IllegalArgumentException(name + ": connections, visitors and maxChats must be positive");
    }
    if (chatsPerSecond < 0 || statusChangesPerAgentMinute < 0) {
      throw new IllegalArgumentException(name + ": rates cannot be negative");
    }
  }

  public String siteId(int index) {
    return name + "-" + (index + 1);
  }
}
