package chat.presence.functions.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection of an agent, listed on the agent's item or in the connections table, with the
 * gateway's view of it.
 *
 * @param registeredAt when the connections table recorded it; empty if it has no record there
 * @param lastActiveAt when the gateway last received a frame on it; empty if the gateway says it is
 *     gone
 */
public record ConnectionFacts(
    String connectionId, Optional<Instant> registeredAt, Optional<Instant> lastActiveAt) {
  public ConnectionFacts {
    Objects.requireNonNull(connectionId);
    Objects.requireNonNull(registeredAt);
    Objects.requireNonNull(lastActiveAt);
  }
}
