package chat.presence.bench.report;

import chat.presence.bench.measure.LatencySummary;
import chat.presence.bench.sim.ChatRecord;
import chat.presence.bench.sim.OfferRecord;
import chat.presence.bench.sim.PhaseResult;
import chat.presence.bench.sim.SimAgent;
import chat.presence.model.presence.TransitionReason;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the agents saw of offers in one phase. An offer counts once however many of the agent's
 * connections received it.
 *
 * @param neverAcceptingAgents agents that never answered an offer
 * @param withdrawn offers withdrawn at their expiry ({@code chat.offerWithdrawn})
 * @param withdrawnFromNeverAccepting of those, offers to the agents that never answer
 * @param open offers without an outcome the agent saw: no answer took effect and no withdrawal came
 * @param unchecked offers whose chat was not read as offered to that agent when they arrived, so
 *     that their status and capacity were not checked: the chat had already moved on, the read
 *     failed, or (a violation unless the agent lost a connection) storage did not hold the offer
 * @param chatsReOffered chats offered more than once (after a withdrawal or a decline)
 * @param agentsUnresponsive agents whose timeline showed an {@code offer_timeout} entry
 * @param agentsUnresponsiveNeverAccepting of those, agents that never answer
 * @param unresponsiveEntries those entries: each time an agent was made unresponsive
 * @param acceptConflicts acceptChat answered {@code CONFLICT} (the offer had expired meanwhile)
 * @param visitorAssignedBeforeQueued chats whose visitor got {@code chat.assigned} before any {@code
 *     chat.queued}, though the contract announces every chat queued first in this mode
 * @param acceptLatency chat.offered received to chat.assigned received by the agent after its
 *     acceptChat, the agent's think time included (measured chats)
 * @param acceptRoundTrip acceptChat sent to that chat.assigned: the system's part
 * @param firstOffer requestChat sent to the first chat.offered received by an agent (measured chats)
 * @param offerReadsFailed reads for the checks that failed (chats or timelines)
 */
public record OfferSummary(
    int neverAcceptingAgents,
    long offers,
    long accepted,
    long declined,
    long withdrawn,
    long withdrawnFromNeverAccepting,
    long open,
    long unchecked,
    long chatsOffered,
    long chatsReOffered,
    long agentsUnresponsive,
    long agentsUnresponsiveNeverAccepting,
    long unresponsiveEntries,
    long acceptConflicts,
    long visitorAssignedBeforeQueued,
    LatencySummary acceptLatency,
    LatencySummary acceptRoundTrip,
    LatencySummary firstOffer,
    long offerReadsFailed) {

  private static final String UNRESPONSIVE = TransitionReason.OFFER_TIMEOUT.wireName();

  public static OfferSummary of(PhaseResult phase) {
    List<OfferRecord> offers = phase.offers();
    Set<String> measured =
        phase.chats().stream().filter(ChatRecord::measured).map(ChatRecord::chatId).collect(Collectors.toSet());
    Set<String> neverAccepting =
        phase.agents().stream().filter(SimAgent::neverAccepts).map(SimAgent::agentId).collect(Collectors.toSet());
    List<SimAgent> unresponsive =
        phase.agents().stream().filter(a -> a.timelineReasonsByVersion().containsValue(UNRESPONSIVE)).toList();
    Map<String, Long> offersPerChat = offers.stream().collect(Collectors.groupingBy(OfferRecord::chatId, Collectors.counting()));
    List<OfferRecord> measuredOffers = offers.stream().filter(o -> measured.contains(o.chatId())).toList();
    return new OfferSummary(
        neverAccepting.size(),
        offers.size(),
        count(offers, o -> o.outcome() == OfferRecord.Outcome.ACCEPTED),
        count(offers, o -> o.outcome() == OfferRecord.Outcome.DECLINED),
        count(offers, o -> o.outcome() == OfferRecord.Outcome.WITHDRAWN),
        count(offers, o -> o.outcome() == OfferRecord.Outcome.WITHDRAWN && neverAccepting.contains(o.agentId())),
        count(offers, o -> o.outcome() == OfferRecord.Outcome.OPEN),
        count(offers, o -> o.stored() != OfferRecord.Stored.AS_RECEIVED),
        offersPerChat.size(),
        offersPerChat.values().stream().filter(n -> n > 1).count(),
        unresponsive.size(),
        unresponsive.stream().filter(SimAgent::neverAccepts).count(),
        unresponsive.stream()
            .mapToLong(a -> a.timelineReasonsByVersion().values().stream().filter(UNRESPONSIVE::equals).count())
            .sum(),
        phase.errors().getOrDefault("acceptChat:CONFLICT", 0L),
        phase.chats().stream().filter(ChatRecord::visitorAssignedBeforeQueued).count(),
        latency(measuredOffers, OfferRecord::acceptLatencyNanos),
        latency(measuredOffers, OfferRecord::acceptRoundTripNanos),
        LatencySummary.ofNanos(
            phase.chats().stream()
                .filter(ChatRecord::measured)
                .map(ChatRecord::offerNanos)
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .toList()),
        phase.offerReadsFailed());
  }

  private static LatencySummary latency(List<OfferRecord> offers, Function<OfferRecord, OptionalLong> nanos) {
    return LatencySummary.ofNanos(
        offers.stream().map(nanos).filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).toList());
  }

  private static long count(List<OfferRecord> offers, Predicate<OfferRecord> which) {
    return offers.stream().filter(which).count();
  }
}
