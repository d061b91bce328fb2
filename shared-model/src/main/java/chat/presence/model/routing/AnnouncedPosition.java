package chat.presence.model.routing;

import java.time.Instant;
import java.util.Objects;

/** The place in the queue last sent to a waiting chat's visitor, and when. */
public record AnnouncedPosition(int position, Instant at) {
  public AnnouncedPosition {
    Objects.requireNonNull(at);
  }
}
