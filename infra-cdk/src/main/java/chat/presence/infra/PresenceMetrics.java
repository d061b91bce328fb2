package chat.presence.infra;

/** The custom CloudWatch metrics the handlers publish (no dimensions) and the stack alarms on. */
final class PresenceMetrics {
  private PresenceMetrics() {}

  static final String NAMESPACE = "Presence";

  /** Published by the audit handler: invariant violations found in the tables. */
  static final String AUDIT_VIOLATIONS = "AuditViolations";

  /** Published by the reaper: 1 while its staleness circuit breaker is open. */
  static final String BREAKER_OPEN = "BreakerOpen";
}
