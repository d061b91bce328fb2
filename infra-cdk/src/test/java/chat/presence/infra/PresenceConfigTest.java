package chat.presence.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

class PresenceConfigTest {
  @Test
  void withoutContextTheProdStageUsesTheJarBuiltByTheFunctionsModule() {
    PresenceConfig config = configFrom(Map.of());

    assertThat(config.stage()).isEqualTo("prod");
    assertThat(config.functionsJar())
        .isEqualTo(Path.of("..", "functions", "target", "functions-lambda.jar"));
    assertThat(config.jwtSecretArn()).isEmpty();
    assertThat(config.jwksUrl()).isEmpty();
    assertThat(config.alarmEmail()).isEmpty();
    assertThat(config.defaultMaxChats()).isEqualTo(3);
    assertThat(config.offlineGraceSeconds()).isEqualTo(15);
    assertThat(config.heartbeatTimeoutSeconds()).isEqualTo(90);
    assertThat(config.heartbeatIntervalSeconds()).isEqualTo(30);
  }

  @Test
  void numbersAreReadFromCommandLineStringsAndFromCdkJsonNumbers() {
    assertThat(configFrom(Map.of("defaultMaxChats", "5")).defaultMaxChats()).isEqualTo(5);
    assertThat(configFrom(Map.of("defaultMaxChats", 7)).defaultMaxChats()).isEqualTo(7);
    assertThatThrownBy(() -> configFrom(Map.of("defaultMaxChats", "2.5")))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void blankValuesCountAsAbsent() {
    assertThat(configFrom(Map.of("alarmEmail", " ")).alarmEmail()).isEqualTo(Optional.empty());
  }

  @Test
  void aSecretAndAJwksUrlTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                configFrom(
                    Map.of(
                        "jwtSecretArn",
                        KeySourceTest.SECRET_ARN,
                        "jwksUrl",
                        KeySourceTest.JWKS_URL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void aMissingHandlersJarIsReportedWithHowToBuildIt() {
    App app = new App(AppProps.builder().context(Map.of("functionsJar", "no/such.jar")).build());
    PresenceConfig config = PresenceConfig.fromContext(app.getNode());

    assertThatThrownBy(() -> new PresenceStack(app, "Test", StackProps.builder().build(), config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no/such.jar")
        .hasMessageContaining("mvn -pl functions -am package");
  }

  private static PresenceConfig configFrom(Map<String, Object> context) {
    return PresenceConfig.fromContext(
        new App(AppProps.builder().context(context).build()).getNode());
  }
}
