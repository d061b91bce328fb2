package chat.presence.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import org.junit.jupiter.api.Test;

/**
 * cdk-nag's AwsSolutions checks, as {@code PresenceApp} runs them on every synthesis: nothing may
 * be reported that the stack does not either fix or suppress with a written reason.
 */
class CdkNagTest {
  @Test
  void theStackPassesTheAwsSolutionsChecks() {
    assertClean(Map.of());
  }

  @Test
  void theStackWithAnImportedSecretAndAnAlarmTopicPassesTheAwsSolutionsChecks() {
    assertClean(CustomizedContext.VALUES);
  }

  private static void assertClean(Map<String, Object> context) {
    java.util.HashMap<String, Object> full = new java.util.HashMap<>(context);
    full.putIfAbsent("functionsJar", SynthesizedStack.placeholderJar().toString());
    App app = new App(AppProps.builder().context(full).build());
    PresenceConfig config = PresenceConfig.fromContext(app.getNode());
    PresenceStack stack = new PresenceStack(app, "Nag", StackProps.builder().build(), config);
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();

    List<SynthesisMessage> errors =
        Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings =
        Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

    assertThat(errors.stream().map(CdkNagTest::describe)).isEmpty();
    assertThat(warnings.stream().map(CdkNagTest::describe)).isEmpty();
  }

  private static String describe(SynthesisMessage message) {
    return message.getId() + ": " + message.getEntry().getData();
  }
}
