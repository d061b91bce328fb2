package chat.presence.model.presence;

import java.util.Arrays;
import java.util.Optional;

/** Why an agent's effective status changed (or, for {@link #BREAKER}, why it did not). */
public enum TransitionReason {
  /** The agent chose a status. */
  USER("user"),
  /** The agent came back after being offline. */
  CONNECT("connect"),
  /** The agent's last connection closed ({@code $disconnect}). */
  DISCONNECT("disconnect"),
  /** The gateway reported the agent's last connection gone though no disconnect arrived. */
  VERIFIED_GONE("verified_gone"),
  /** The gateway saw no frame on the agent's last connection for the heartbeat timeout. */
  HEARTBEAT_TIMEOUT("heartbeat_timeout"),
  /** The staleness circuit breaker kept the agent online: too many went stale at once. */
  BREAKER("breaker"),
  /** A supervisor chose the agent's status for it ({@code setAgentStatus}). */
  ADMIN("admin"),
  /**
   * An offer to the agent expired unanswered: the agent is unresponsive (offered nothing) until it
   * sets a status or accepts a chat. Its chosen status is unchanged.
   */
  OFFER_TIMEOUT("offer_timeout");

  private final String wireName;

  TransitionReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<TransitionReason> fromWire(String value) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(value)).findFirst();
  }
}
