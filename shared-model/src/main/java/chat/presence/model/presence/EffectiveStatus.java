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

  public static java.util.Optional<EffectiveStatus> fromWire(String value) {
    return java.util.Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
  }

  public static EffectiveStatus of(ChosenStatus chosen) {
    return chosen == ChosenStatus.AVAILABLE ? AVAILABLE : AWAY;
  }
}
