package chat.presence.model.presence;

import java.util.Arrays;
import java.util.Optional;

/** The status an agent chose. Only the agent changes it; the system never does. */
public enum ChosenStatus {
  AVAILABLE("available"),
  AWAY("away");

  private final String wireName;

  ChosenStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ChosenStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
  }
}
