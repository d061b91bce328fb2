package chat.presence.functions.explorer;

/** What happens to one call a handler makes to a fake service. */
enum Fate {
  PROCEED,
  /** The service answers an error and applies nothing (a throttle). */
  FAIL_BEFORE,
  /** The service applies the call but the answer is lost (a timeout): the caller sees an error. */
  FAIL_AFTER,
  /** The process dies before the call leaves it. */
  CRASH_BEFORE,
  /** The process dies after the call took effect, before it sees the answer. */
  CRASH_AFTER,
  /**
   * The service applies the call, the answer is lost and the SDK sends the call again: the caller
   * sees the second answer, typically a conditional write failing on its own first success.
   */
  RESENT
}
