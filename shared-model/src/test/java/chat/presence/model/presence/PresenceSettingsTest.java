package chat.presence.model.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresenceSettingsTest {

  @Test
  void emptyEnvironmentGivesTheContractDefaults() {
    PresenceSettings settings = PresenceSettings.fromEnvironment(Map.of());

    assertThat(settings.offlineGrace()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.defaultMaxChats()).isEqualTo(3);
    assertThat(settings).isEqualTo(PresenceSettings.DEFAULTS);
  }

  @Test
  void blankValuesFallBackToTheDefaults() {
    PresenceSettings settings =
        PresenceSettings.fromEnvironment(
            Map.of(
                Setting.OFFLINE_GRACE.envName(), "",
                Setting.HEARTBEAT_TIMEOUT.envName(), "  ",
                Setting.HEARTBEAT_INTERVAL.envName(), "\t",
                Setting.DEFAULT_MAX_CHATS.envName(), " "));

    assertThat(settings).isEqualTo(PresenceSettings.DEFAULTS);
  }

  @Test
  void everyVariableOverridesItsDefault() {
    PresenceSettings settings =
        PresenceSettings.fromEnvironment(
            Map.of(
                Setting.OFFLINE_GRACE.envName(), "20",
                Setting.HEARTBEAT_TIMEOUT.envName(), "120",
                Setting.HEARTBEAT_INTERVAL.envName(), "10",
                Setting.DEFAULT_MAX_CHATS.envName(), "5"));

    assertThat(settings)
        .isEqualTo(
            new PresenceSettings(
                Duration.ofSeconds(20), Duration.ofSeconds(120), Duration.ofSeconds(10), 5));
  }

  @ParameterizedTest
  @CsvSource({
    "'0.5', 500",
    "'1.25', 1250",
    "'0.001', 1",
    "' 7 ', 7000",
    "'0', 0" // a zero grace is allowed: offline as soon as the last connection goes
  })
  void graceAcceptsFractionalSeconds(String value, long expectedMillis) {
    PresenceSettings settings = PresenceSettings.fromEnvironment(Map.of(Setting.OFFLINE_GRACE.envName(), value));

    assertThat(settings.offlineGrace()).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void timeoutAndIntervalAcceptFractionalSeconds() {
    PresenceSettings settings =
        PresenceSettings.fromEnvironment(
            Map.of(Setting.HEARTBEAT_TIMEOUT.envName(), "1.5", Setting.HEARTBEAT_INTERVAL.envName(), "0.25"));

    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest
  @CsvSource({
    "OFFLINE_GRACE, fifteen",
    "OFFLINE_GRACE, 15s",
    "HEARTBEAT_TIMEOUT, 1m",
    "HEARTBEAT_INTERVAL, '30,5'",
    "DEFAULT_MAX_CHATS, three",
    "DEFAULT_MAX_CHATS, 2.5"
  })
  void nonNumberIsRejectedNamingTheVariableAndTheValue(Setting variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable.envName(), value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable.envName())
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "OFFLINE_GRACE, -1",
    "HEARTBEAT_TIMEOUT, 0",
    "HEARTBEAT_TIMEOUT, -90",
    "HEARTBEAT_INTERVAL, 0",
    "HEARTBEAT_INTERVAL, -0.5",
    "DEFAULT_MAX_CHATS, 0",
    "DEFAULT_MAX_CHATS, -3"
  })
  void outOfRangeValueIsRejected(Setting variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable.envName(), value)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroDefaultMaxChatsErrorNamesTheVariable() {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(Setting.DEFAULT_MAX_CHATS.envName(), "0")))
        .hasMessageContaining(Setting.DEFAULT_MAX_CHATS.envName());
  }

  @ParameterizedTest
  @CsvSource({"OFFLINE_GRACE, -1", "HEARTBEAT_TIMEOUT, 0", "HEARTBEAT_INTERVAL, -0.5"})
  void outOfRangeDurationErrorNamesTheVariable(Setting variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable.envName(), value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable.envName());
  }

  @ParameterizedTest
  @CsvSource({"OFFLINE_GRACE, NaN", "OFFLINE_GRACE, Infinity", "HEARTBEAT_TIMEOUT, 1e300"})
  void nonFiniteOrAbsurdSecondsAreRejected(Setting variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable.envName(), value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable.envName());
  }
}
