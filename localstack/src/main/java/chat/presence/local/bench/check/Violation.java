package chat.presence.local.bench.check;

/** A broken invariant: what kind, and the chat, agent and versions or times it concerns. */
public record Violation(String kind, String detail) {
  public static final String AWAY_AT_ASSIGNMENT = "AWAY_AT_ASSIGNMENT";
  public static final String OVER_CAPACITY = "OVER_CAPACITY";
  public static final String TWO_AGENTS = "ANNOUNCED_TO_TWO_AGENTS";
  public static final String OTHER_AGENT = "ANNOUNCED_TO_OTHER_AGENT";
  public static final String VISITOR_TOLD_OTHER_AGENT = "VISITOR_TOLD_OTHER_AGENT";
  public static final String NOT_STORED = "ANNOUNCED_BUT_NOT_STORED";
  public static final String NO_VERSION = "ASSIGNED_WITHOUT_VERSION";
  public static final String AUDIT = "AUDIT_FINDING";

  @Override
  public String toString() {
    return kind + " " + detail;
  }
}
