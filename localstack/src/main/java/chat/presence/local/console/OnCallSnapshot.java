package chat.presence.local.console;

import java.util.List;

/**
 * What the on-call view shows, served at {@code /local/oncall}. Times are epoch milliseconds and
 * ages are seconds at {@code atMillis}, the server's clock, so that the page needs no clock of its
 * own.
 *
 * @param heartbeatTimeoutSeconds a connection silent this long counts as dead
 */
record OnCallSnapshot(
    long atMillis,
    double heartbeatTimeoutSeconds,
    QueueDepth routingQueue,
    QueueDepth deadLetterQueue,
    List<Agent> agents) {

  /** SQS's approximate counts: waiting to be received, and received but not yet deleted. */
  record QueueDepth(long waiting, long inFlight) {}

  /**
   * @param status the effective status others see
   * @param connections the connections the agent's item holds, as the gateway sees them
   */
  record Agent(
      String siteId,
      String agentId,
      String status,
      String chosenStatus,
      int activeChats,
      int maxChats,
      List<Connection> connections) {}

  /**
   * @param state {@code alive}, {@code silent} (no frame for the heartbeat timeout) or {@code gone}
   *     (the gateway no longer knows it: a stale entry)
   * @param connectedAtMillis from the connections table; null when its item is gone
   * @param lastActiveAtMillis the gateway's {@code lastActiveAt}: the last frame from the client
   * @param lastFrameAgeSeconds seconds since {@code lastActiveAt}; null when gone
   */
  record Connection(
      String connectionId,
      String state,
      Long connectedAtMillis,
      Long lastActiveAtMillis,
      Double lastFrameAgeSeconds) {}
}
