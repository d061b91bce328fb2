package chat.presence.functions.audit;

import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What on-call should know that is not a breach: the staleness breaker holding an agent online, a
 * {@code $disconnect} that never arrived (the gateway had to report the connection gone), and
 * agents whose liveness this audit could not judge.
 * Each notice carries the agent's timeline, so the line answers "why" on its own.
 */
final class Notices {
  /** Older events are history, not news. */
  static final Duration WINDOW = Duration.ofHours(1);

  private Notices() {}

  static List<String> of(AuditSnapshot snapshot) {
    Instant since = snapshot.now().minus(WINDOW);
    List<String> notices = new ArrayList<>();
    long unasked = snapshot.agents().stream().filter(facts -> !facts.asked()).count();
    if (unasked > 0) {
      notices.add(
          "NOTICE UNASKED agents="
              + unasked
              + ": their connections were not asked of the gateway (time budget or gateway errors);"
              + " a later audit judges their liveness");
    }
    for (AgentFacts facts : snapshot.agents()) {
      var agent = facts.state();
      for (StatusChange change : agent.history()) {
        String kind = kindOf(change.reason());
        if (kind != null && change.at().isAfter(since)) {
          notices.add(
              "NOTICE "
                  + kind
                  + " site="
                  + agent.siteId()
                  + " agent="
                  + agent.agentId()
                  + " at="
                  + change.at()
                  + " timeline="
                  + timeline(agent.history()));
        }
      }
    }
    return notices;
  }

  private static String kindOf(TransitionReason reason) {
    if (reason == TransitionReason.BREAKER) {
      return "BREAKER_HOLD";
    }
    return reason == TransitionReason.VERIFIED_GONE ? "MISSED_DISCONNECT" : null;
  }

  private static String timeline(List<StatusChange> history) {
    return history.stream()
        .map(c -> c.at() + "/" + c.status().wireName() + "/" + c.reason().wireName())
        .collect(Collectors.joining(","));
  }
}
