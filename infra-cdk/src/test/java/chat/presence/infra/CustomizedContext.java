package chat.presence.infra;

import java.util.Map;

/** A deployment that overrides every optional context value, as strings like `-c key=value`. */
final class CustomizedContext {
  private CustomizedContext() {}

  static final String STAGE = "dev";
  static final String ALARM_EMAIL = "oncall@example.com";

  static final Map<String, Object> VALUES =
      Map.of(
          "stage", STAGE,
          "alarmEmail", ALARM_EMAIL,
          "defaultMaxChats", "5",
          "offlineGraceSeconds", "20",
          "heartbeatTimeoutSeconds", "120",
          "heartbeatIntervalSeconds", "40");
}
