package chat.presence.functions.audit;

/** The invariants the auditor checks; each finding names the one it breaks. */
public enum FindingKind {
  /** A chat was assigned while its agent's chosen status, at the recorded version, was away. */
  AWAY_AT_ASSIGNMENT,
  /** An agent holds more chats than its {@code maxChats}. */
  OVER_CAPACITY,
  /** A chat is in the active chats of more than one agent. */
  HELD_BY_TWO_AGENTS,
  /** A chat is held by an agent other than the one the chat names. */
  HELD_BY_OTHER_AGENT,
  /** An assigned chat is not in its agent's active chats. */
  ASSIGNED_NOT_HELD,
  /** A queued chat has been held by an agent for longer than the settle time. */
  HELD_WHILE_QUEUED,
  /** An ended chat still takes a seat of an agent, longer than the settle time after it ended. */
  HELD_AFTER_END,
  /** An agent is shown online although none of its connections has been live for too long. */
  ONLINE_WITHOUT_LIVE_CONNECTION,
  /** An agent is shown offline although the gateway has one of its connections live. */
  OFFLINE_WITH_LIVE_CONNECTION,
  /** A chat has been queued longer than the maximum wait while an agent of its site is eligible. */
  QUEUED_WHILE_AGENT_ELIGIBLE,
  /** A chat is still offered to an agent well after its offer expired. */
  OFFER_PAST_EXPIRY,
  /**
   * A chat is still open well after its visitor left: past the grace period if it waits, past the
   * return window if it is assigned.
   */
  OPEN_AFTER_VISITOR_LEFT,
  /** A chat was offered to an agent after the agent became unresponsive. */
  OFFERED_WHILE_UNRESPONSIVE,
  /**
   * An agent's chosen status changed for a reason other than the agent's own choice ({@code user},
   * or a status given on connect) or a supervisor's ({@code admin}).
   */
  CHOSEN_STATUS_CHANGED_BY_SYSTEM,
  /** Routing events sit in the dead-letter queue. */
  DEAD_LETTERS,
  /** A check failed on this snapshot: the auditor cannot vouch for its invariant. */
  CHECK_FAILED
}
