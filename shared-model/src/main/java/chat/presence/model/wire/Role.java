package chat.presence.model.wire;

import java.util.Arrays;
import java.util.Optional;

/** Who is on the other end of a connection. */
public enum Role {
  AGENT("agent"),
  VISITOR("visitor"),
  /** Sees and acts on a whole site; never routed a chat, has no status of its own. */
  SUPERVISOR("supervisor");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Role> fromWire(String value) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(value)).findFirst();
  }
}
