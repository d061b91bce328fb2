package chat.presence.model.routing;

import java.util.Arrays;
import java.util.Optional;

/** Where a chat is in its life. */
public enum ChatState {
  QUEUED("queued"),
  /** Held for one agent, who may accept or decline it until the offer expires. */
  OFFERED("offered"),
  ASSIGNED("assigned"),
  ENDED("ended");

  private final String storedName;

  ChatState(String storedName) {
    this.storedName = storedName;
  }

  public String storedName() {
    return storedName;
  }

  public static Optional<ChatState> fromStored(String value) {
    return Arrays.stream(values()).filter(s -> s.storedName.equals(value)).findFirst();
  }
}
