package chat.presence.bench.check;

import chat.presence.bench.sim.ChatRecord;
import chat.presence.bench.sim.OfferRecord;
import chat.presence.bench.sim.PhaseResult;
import chat.presence.bench.sim.SimAgent;
import chat.presence.model.presence.TransitionReason;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offers' invariants, on what the agents observed and on the chat as read when each offer
 * arrived (a withdrawn offer leaves no trace on its chat):
 *
 * <ul>
 *   <li>every {@code chat.offered} was stored as that agent's offer, with the same expiry, unless
 *       the chat had already moved on as the protocol allows (ended, or the agent in its declined
 *       set), and it went to an agent of the chat's site;
 *   <li>the agent's last acknowledged status at the offer's grant version was available;
 *   <li>the agent was not unresponsive at that version: no {@code offer_timeout} entry of its
 *       timeline at or before it, unless a status choice (acknowledged, or a {@code user} entry:
 *       also what an accept by an unresponsive agent writes) came after the entry and at or before
 *       the grant;
 *   <li>no {@code chat.assigned} reached an agent that had not sent acceptChat for the chat;
 *   <li>no offer was withdrawn after it was accepted or declined.
 * </ul>
 *
 * Capacity, counting each offer's seat, is checked with the assignments' in {@link InvariantCheck}.
 * As there, agents that lost a connection are excused where a chat may legitimately have moved.
 */
final class OfferCheck {
  private static final String UNRESPONSIVE = TransitionReason.OFFER_TIMEOUT.wireName();
  private static final String CHOSEN = TransitionReason.USER.wireName();

  private OfferCheck() {}

  static void check(PhaseResult phase, Map<String, SimAgent> agents, List<Violation> violations) {
    for (OfferRecord offer : phase.offers()) {
      checkOffer(offer, agents.get(offer.agentId()), violations);
    }
    checkAssignedOnlyAfterAccept(phase, violations);
    checkQueuedBeforeAssigned(phase, violations);
  }

  private static void checkOffer(OfferRecord offer, SimAgent agent, List<Violation> violations) {
    String which = String.format("offer of %s to %s expiring %s", offer.chatId(), offer.agentId(), offer.expiresAt());
    if (!agent.siteId().equals(offer.siteId())) {
      violations.add(
          new Violation(
              Violation.OTHER_AGENT, which + ": the chat is of " + offer.siteId() + ", the agent of " + agent.siteId()));
    }
    offer
        .withdrawnAfter()
        .ifPresent(
            answer ->
                violations.add(new Violation(Violation.WITHDRAWN_AFTER_ANSWER, which + " withdrawn after it was " + answer)));
    if (offer.stored() == OfferRecord.Stored.OTHERWISE && agent.connectionsLost() == 0) {
      violations.add(new Violation(Violation.OFFER_NOT_STORED, which + ": " + offer.storedDetail()));
    } else if (offer.stored() == OfferRecord.Stored.AS_RECEIVED) {
      long version = offer.grantVersion().orElseThrow();
      InvariantCheck.awayAt(agent, version)
          .ifPresent(
              away ->
                  violations.add(
                      new Violation(
                          Violation.AWAY_AT_OFFER,
                          String.format(
                              "%s at version %d; status %s acknowledged at version %d",
                              which, version, away.getValue(), away.getKey()))));
      checkResponsive(which, version, agent, violations);
    }
  }

  private static void checkResponsive(String which, long version, SimAgent agent, List<Violation> violations) {
    Map<Long, String> timeline = agent.timelineReasonsByVersion();
    TreeSet<Long> madeUnresponsive = new TreeSet<>();
    TreeSet<Long> madeResponsive = new TreeSet<>(agent.ackedStatusByVersion().keySet());
    timeline.forEach(
        (v, reason) -> {
          if (UNRESPONSIVE.equals(reason)) {
            madeUnresponsive.add(v);
          } else if (CHOSEN.equals(reason)) {
            madeResponsive.add(v);
          }
        });
    Long since = madeUnresponsive.floor(version);
    if (since == null) {
      return;
    }
    Long cleared = madeResponsive.higher(since);
    if (cleared == null || cleared > version) {
      violations.add(
          new Violation(
              Violation.OFFER_WHILE_UNRESPONSIVE,
              String.format(
                  "%s at version %d; unresponsive since version %d, %s",
                  which, version, since, cleared == null ? "not cleared" : "cleared only at version " + cleared)));
    }
  }

  /** With offers the contract announces every chat to its visitor as queued first. */
  private static void checkQueuedBeforeAssigned(PhaseResult phase, List<Violation> violations) {
    for (ChatRecord chat : phase.chats()) {
      if (chat.visitorAssignedBeforeQueued()) {
        violations.add(
            new Violation(
                Violation.ASSIGNED_BEFORE_QUEUED,
                "chat " + chat.chatId() + ": its visitor got chat.assigned before any chat.queued"));
      }
    }
  }

  private static void checkAssignedOnlyAfterAccept(PhaseResult phase, List<Violation> violations) {
    Set<String> accepting = new HashSet<>();
    phase.offers().stream().filter(OfferRecord::acceptSent).forEach(o -> accepting.add(o.agentId() + "/" + o.chatId()));
    for (ChatRecord chat : phase.chats()) {
      for (String agentId : chat.agentReceipts().keySet()) {
        if (!accepting.contains(agentId + "/" + chat.chatId())) {
          violations.add(
              new Violation(
                  Violation.ASSIGNED_WITHOUT_ACCEPT,
                  "chat " + chat.chatId() + " announced assigned to " + agentId + ", which sent no acceptChat for it"));
        }
      }
    }
  }
}
