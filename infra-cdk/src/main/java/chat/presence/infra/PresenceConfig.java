package chat.presence.infra;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import software.constructs.Node;

/**
 * The deployment's settings, read from CDK context ({@code -c key=value} or cdk.json). Every key is
 * optional; the defaults deploy a working stage named "prod".
 */
public record PresenceConfig(
    String stage,
    Path functionsJar,
    Optional<String> jwtSecretArn,
    Optional<String> jwksUrl,
    Optional<String> jwtIssuer,
    Optional<String> jwtAudience,
    int jwtMaxLifetimeSeconds,
    Optional<String> alarmEmail,
    int defaultMaxChats,
    int offlineGraceSeconds,
    int heartbeatTimeoutSeconds,
    int heartbeatIntervalSeconds,
    int offerTimeoutSeconds,
    int maxQueueWaitSeconds,
    int visitorReturnSeconds,
    int groupOverflowSeconds,
    int stickyWaitSeconds) {

  /** Where `mvn install` puts the shaded handlers jar, relative to this module's directory. */
  public static final String DEFAULT_FUNCTIONS_JAR = "../functions/target/functions-lambda.jar";

  public PresenceConfig {
    if (jwtSecretArn.isPresent() && jwksUrl.isPresent()) {
      throw new IllegalArgumentException(
          "Give either jwtSecretArn (HS256) or jwksUrl (RS256), not both");
    }
  }

  public static PresenceConfig fromContext(Node node) {
    var context = new Context(node);
    return new PresenceConfig(
        context.text("stage").orElse("prod"),
        Path.of(context.text("functionsJar").orElse(DEFAULT_FUNCTIONS_JAR)),
        context.text("jwtSecretArn"),
        context.text("jwksUrl"),
        context.text("jwtIssuer"),
        context.text("jwtAudience"),
        context.number("jwtMaxLifetimeSeconds", 12 * 3600),
        context.text("alarmEmail"),
        context.number("defaultMaxChats", 3),
        context.number("offlineGraceSeconds", 15),
        context.number("heartbeatTimeoutSeconds", 90),
        context.number("heartbeatIntervalSeconds", 30),
        context.number("offerTimeoutSeconds", 0),
        context.number("maxQueueWaitSeconds", 0),
        context.number("visitorReturnSeconds", 120),
        context.number("groupOverflowSeconds", 0),
        context.number("stickyWaitSeconds", 0));
  }

  /** Context values arrive as strings from the command line and as JSON values from cdk.json. */
  private record Context(Node node) {
    Optional<String> text(String key) {
      return Optional.ofNullable(node.tryGetContext(key))
          .map(String::valueOf)
          .map(String::strip)
          .filter(value -> !value.isEmpty());
    }

    int number(String key, int defaultValue) {
      // cdk.json numbers may come back from jsii as doubles ("3.0"); fractions are refused.
      return text(key).map(value -> new BigDecimal(value).intValueExact()).orElse(defaultValue);
    }
  }
}
