package chat.presence.model.presence;

import static chat.presence.model.presence.PresenceSettings.DEFAULT_MAX_CHATS;
import static chat.presence.model.presence.PresenceSettings.HEARTBEAT_INTERVAL;
import static chat.presence.model.presence.PresenceSettings.HEARTBEAT_TIMEOUT;
import static chat.presence.model.presence.PresenceSettings.OFFLINE_GRACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            Map.of(OFFLINE_GRACE, "", HEARTBEAT_TIMEOUT, "  ", HEARTBEAT_INTERVAL, "\t",
                DEFAULT_MAX_CHATS, " "));

    assertThat(settings).isEqualTo(PresenceSettings.DEFAULTS);
  }

  @Test
  void everyVariableOverridesItsDefault() {
    PresenceSettings settings =
        PresenceSettings.fromEnvironment(
            Map.of(OFFLINE_GRACE, "20", HEARTBEAT_TIMEOUT, "120", HEARTBEAT_INTERVAL, "10",
                DEFAULT_MAX_CHATS, "5"));

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
    PresenceSettings settings = PresenceSettings.fromEnvironment(Map.of(OFFLINE_GRACE, value));

    assertThat(settings.offlineGrace()).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void timeoutAndIntervalAcceptFractionalSeconds() {
    PresenceSettings settings =
        PresenceSettings.fromEnvironment(Map.of(HEARTBEAT_TIMEOUT, "1.5", HEARTBEAT_INTERVAL, "0.25"));

    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest
  @CsvSource({
    OFFLINE_GRACE + ", fifteen",
    OFFLINE_GRACE + ", 15s",
    HEARTBEAT_TIMEOUT + ", 1m",
    HEARTBEAT_INTERVAL + ", '30,5'",
    DEFAULT_MAX_CHATS + ", three",
    DEFAULT_MAX_CHATS + ", 2.5"
  })
  void nonNumberIsRejectedNamingTheVariableAndTheValue(String variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @CsvSource({
    OFFLINE_GRACE + ", -1",
    HEARTBEAT_TIMEOUT + ", 0",
    HEARTBEAT_TIMEOUT + ", -90",
    HEARTBEAT_INTERVAL + ", 0",
    HEARTBEAT_INTERVAL + ", -0.5",
    DEFAULT_MAX_CHATS + ", 0",
    DEFAULT_MAX_CHATS + ", -3"
  })
  void outOfRangeValueIsRejected(String variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroDefaultMaxChatsErrorNamesTheVariable() {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(DEFAULT_MAX_CHATS, "0")))
        .hasMessageContaining(DEFAULT_MAX_CHATS);
  }

  @ParameterizedTest
  @CsvSource({OFFLINE_GRACE + ", -1", HEARTBEAT_TIMEOUT + ", 0", HEARTBEAT_INTERVAL + ", -0.5"})
  void outOfRangeDurationErrorNamesTheVariable(String variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable);
  }

  @ParameterizedTest
  @CsvSource({OFFLINE_GRACE + ", NaN", OFFLINE_GRACE + ", Infinity", HEARTBEAT_TIMEOUT + ", 1e300"})
  void nonFiniteOrAbsurdSecondsAreRejected(String variable, String value) {
    assertThatThrownBy(() -> PresenceSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable);
  }
}
