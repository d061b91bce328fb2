package chat.presence.bench.check;

/** A broken invariant: what kind, and the chat, agent and versions or times it concerns. */
public record Violation(String kind, String detail) {
  public static final String AWAY_AT_ASSIGNMENT = "AWAY_AT_ASSIGNMENT";
  public static final String OVER_CAPACITY = "OVER_CAPACITY";
  public static final String TWO_AGENTS = "ANNOUNCED_TO_TWO_AGENTS";
  public static final String OTHER_AGENT = "ANNOUNCED_TO_OTHER_AGENT";
  public static final String VISITOR_TOLD_OTHER_AGENT = "VISITOR_TOLD_OTHER_AGENT";
  public static final String NOT_STORED = "ANNOUNCED_BUT_NOT_STORED";
  public static final String NO_VERSION = "ASSIGNED_WITHOUT_VERSION";
  public static final String AWAY_AT_OFFER = "AWAY_AT_OFFER";
  public static final String OFFER_WHILE_UNRESPONSIVE = "OFFER_WHILE_UNRESPONSIVE";
  public static final String OFFER_NOT_STORED = "OFFERED_BUT_NOT_STORED";
  public static final String ASSIGNED_WITHOUT_ACCEPT = "ASSIGNED_WITHOUT_ACCEPT";
  public static final String WITHDRAWN_AFTER_ANSWER = "OFFER_WITHDRAWN_AFTER_ANSWER";
  public static final String ASSIGNED_BEFORE_QUEUED = "ASSIGNED_BEFORE_QUEUED";
  public static final String AUDIT = "AUDIT_FINDING";

  @Override
  public String toString() {
    return kind + " " + detail;
  }
}
