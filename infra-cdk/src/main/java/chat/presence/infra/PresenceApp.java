package chat.presence.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * Entry point of the CDK app. Under the CDK CLI (`npx cdk synth`) the CLI chooses the output
 * directory; run directly (`mvn -q compile exec:java`) it writes the cloud assembly to ./cdk.out,
 * which `npx cdk deploy --app cdk.out` can deploy.
 */
public final class PresenceApp {
  private PresenceApp() {}

  public static void main(String[] args) {
    boolean underCli = System.getenv("CDK_OUTDIR") != null;
    App app = new App(AppProps.builder().outdir(underCli ? null : "cdk.out").build());
    PresenceConfig config = PresenceConfig.fromContext(app.getNode());
    new PresenceStack(app, stackName(config), stackProps(config), config);
    // Findings are errors and warnings of the synthesis: the CLI stops on an unsuppressed one.
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();
  }

  /** One stack per stage, so that stages can share an account. */
  private static String stackName(PresenceConfig config) {
    return "Presence-" + config.stage();
  }

  private static StackProps stackProps(PresenceConfig config) {
    return StackProps.builder()
        .description("Presence backend for live chat, stage " + config.stage())
        .build();
  }
}
