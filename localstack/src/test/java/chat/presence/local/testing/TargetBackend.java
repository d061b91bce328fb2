package chat.presence.local.testing;

import chat.presence.local.ExternalBackend;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Which DynamoDB and SQS the end-to-end tests' runtimes use: their own dynalite and ElasticMQ, or,
 * with {@code -Dpresence.backend=localstack}, one LocalStack container started for the whole run
 * (each runtime empties its tables and queues there at start). Without Docker the end-to-end test
 * classes are then skipped, with a message saying so: registered for every test class (see {@code
 * junit-platform.properties}), this condition disables those of the end-to-end package.
 */
public final class TargetBackend implements ExecutionCondition {
  private static final String END_TO_END_PACKAGE = "chat.presence.local.e2e";
  public static final String PROPERTY = "presence.backend";
  /** The last release that starts without a LocalStack account; docker-compose.yml pins it too. */
  private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    boolean endToEnd =
        context.getTestClass().map(type -> type.getPackageName().equals(END_TO_END_PACKAGE)).orElse(false);
    if (endToEnd && localStackAsked() && !DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.disabled("-D" + PROPERTY + "=localstack needs Docker, which this machine lacks");
    }
    return ConditionEvaluationResult.enabled("the runtime's backend is available");
  }

  /** Empty: the runtime's own emulators. */
  public static Optional<ExternalBackend> chosen() {
    String backend = System.getProperty(PROPERTY, "embedded");
    if (backend.equals("embedded")) {
      return Optional.empty();
    }
    if (!localStackAsked()) {
      throw new IllegalArgumentException(PROPERTY + " must be embedded or localstack, got '" + backend + "'");
    }
    return Optional.of(LocalStack.BACKEND);
  }

  private static boolean localStackAsked() {
    return System.getProperty(PROPERTY, "embedded").equals("localstack");
  }

  /** Started on first use, stopped by Testcontainers' reaper when the test JVM ends. */
  private static final class LocalStack {
    static final ExternalBackend BACKEND = start();

    private static ExternalBackend start() {
      LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("dynamodb", "sqs");
      container.start();
      return ExternalBackend.localStack(URI.create(container.getEndpoint().toString()));
    }
  }
}
