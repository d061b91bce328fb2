package chat.presence.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                AuditSettings.MAX_QUEUE_WAIT, "120",
                AuditSettings.SETTLE_TIME, "2.5",
                AuditSettings.REAPER_INTERVAL, "5"));

    assertThat(settings)
        .isEqualTo(
            new AuditSettings(
                Duration.ofSeconds(120), Duration.ofMillis(2500), Duration.ofSeconds(5)));
  }

  @Test
  void aValueThatIsNotANonNegativeNumberIsRefusedByName() {
    assertThatThrownBy(
            () -> AuditSettings.fromEnvironment(Map.of(AuditSettings.SETTLE_TIME, "soon")))
        .hasMessageContaining(AuditSettings.SETTLE_TIME);
    assertThatThrownBy(
            () -> AuditSettings.fromEnvironment(Map.of(AuditSettings.MAX_QUEUE_WAIT, "-1")))
        .hasMessageContaining(AuditSettings.MAX_QUEUE_WAIT);
  }
}
