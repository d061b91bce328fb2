package chat.presence.functions.audit;

import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.RoutingSettings;
import java.util.List;

/** Checks a snapshot of the stored state against every invariant. Pure: no I/O, no clock. */
public final class Auditor {
  private final List<InvariantCheck> checks;

  public Auditor(PresenceRules rules, AuditSettings settings, RoutingSettings routing) {
    this(
        List.of(
            new AwayAtAssignmentCheck(),
            new ChosenStatusCheck(),
            new CapacityCheck(),
            new HoldingCheck(settings.settleTime()),
            new LivenessCheck(rules, settings),
            new RoutingProgressCheck(rules, settings.maxQueueWait(), routing),
            new ChatLifecycleCheck(rules, routing)));
  }

  Auditor(List<InvariantCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  public AuditReport audit(AuditSnapshot snapshot) {
    List<Finding> findings = checks.stream().flatMap(c -> checked(c, snapshot).stream()).toList();
    return new AuditReport(
        findings, snapshot.agents().size(), snapshot.chats().size(), Notices.of(snapshot));
  }

  /** One check's findings; a check that fails costs only its own invariant, reported as such. */
  private static List<Finding> checked(InvariantCheck check, AuditSnapshot snapshot) {
    try {
      return check.check(snapshot);
    } catch (RuntimeException e) {
      return List.of(
          Finding.of(FindingKind.CHECK_FAILED)
              .id("check", check.getClass().getSimpleName())
              .detail("error", String.valueOf(e))
              .build());
    }
  }
}
