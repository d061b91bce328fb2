package chat.presence.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {
  @Test
  void unsetVariablesKeepTheDefaultsOfSixtySeconds() {
    assertThat(AuditSettings.fromEnvironment(Map.of()))
        .isEqualTo(
            new AuditSettings(
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)));
  }

  @Test
  void eachThresholdIsReadInSeconds() {
    var settings =
        AuditSettings.fromEnvironment(
            Map.of(
                Setting.AUDIT_MAX_QUEUE_WAIT.envName(), "120",
                Setting.AUDIT_SETTLE.envName(), "2.5",
                Setting.REAPER_INTERVAL.envName(), "5"));

    assertThat(settings)
        .isEqualTo(
            new AuditSettings(
                Duration.ofSeconds(120), Duration.ofMillis(2500), Duration.ofSeconds(5)));
  }

  @Test
  void aValueThatIsNotANonNegativeNumberIsRefusedByName() {
    assertThatThrownBy(
            () -> AuditSettings.fromEnvironment(Map.of(Setting.AUDIT_SETTLE.envName(), "soon")))
        .hasMessageContaining(Setting.AUDIT_SETTLE.envName());
    assertThatThrownBy(
            () -> AuditSettings.fromEnvironment(Map.of(Setting.AUDIT_MAX_QUEUE_WAIT.envName(), "-1")))
        .hasMessageContaining(Setting.AUDIT_MAX_QUEUE_WAIT.envName());
  }
}
