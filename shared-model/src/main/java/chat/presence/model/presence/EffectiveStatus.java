package chat.presence.model.presence;

/** What others see: the chosen status, or offline once the agent has been gone past the grace. */
public enum EffectiveStatus {
  AVAILABLE("available"),
  AWAY("away"),
  OFFLINE("offline");

  private final String wireName;

  EffectiveStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  static EffectiveStatus of(ChosenStatus chosen) {
    return chosen == ChosenStatus.AVAILABLE ? AVAILABLE : AWAY;
  }
}
