package chat.presence.model.wire;

import java.util.Arrays;
import java.util.Optional;

/** Who is on the other end of a connection. */
public enum Role {
  AGENT("agent"),
  VISITOR("visitor");

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
