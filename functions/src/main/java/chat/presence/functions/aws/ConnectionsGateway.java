package chat.presence.functions.aws;

import java.time.Instant;
import java.util.Optional;

/**
 * The gateway's {@code @connections} API as the handlers use it. API Gateway answers "gone" (410)
 * both for a connection that has closed and for one whose {@code $connect} has not yet returned, so
 * "gone" alone never proves that a young connection is dead.
 */
public interface ConnectionsGateway {
  /** Sends a frame; false if the gateway answers that the connection is gone. */
  boolean send(String connectionId, String frame);

  /** When the gateway last received a frame on the connection; empty if it answers gone. */
  Optional<Instant> lastActiveAt(String connectionId);

  /** Closes the connection; closing one that is already gone is not an error. */
  void close(String connectionId);
}
