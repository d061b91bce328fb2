package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.asList;
import static chat.presence.infra.SynthesizedStack.map;
import static chat.presence.infra.SynthesizedStack.mentions;
import static chat.presence.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.presence.local.calls.SdkCallLog;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds each function's IAM policy in the synthesized template to the AWS SDK calls its handler
 * really made while the local runtime's end-to-end suite and the benchmark's smoke run ran (recorded
 * by {@link SdkCallLog} in the localstack and benchmark modules, which Maven builds and tests before
 * this one, into one folder): every call is granted, on its table, index, queue or gateway method,
 * and nothing is granted that the handler never called.
 *
 * <p>Seen failing: with the reaper's grant to scan the chats' pending index taken out of {@code
 * HandlerPermissions}, {@link #everyCallIsGrantedToTheFunctionThatMadeIt} named {@code
 * ReaperHandler DynamoDb Scan chats/index/pending}: the deployed reaper's queue check would have
 * failed on every run.
 */
class GrantsMatchCallsTest {
  /**
   * Granted, and called only where the local runtime cannot show it: the deployed key source reads
   * the signing secret (locally the key is given to the runtime).
   */
  private static final Set<String> DEPLOYED_ONLY = Set.of("ConnectHandler secretsmanager:GetSecretValue");

  /**
   * Granted for a path no test of the suite waits for or sets up, each named here with why: the
   * timer forwarder sends a timer round again when it is due later than SQS's longest delay (15
   * minutes); the reaper posts the presence change of an agent it drops to the site's subscribers
   * (the suite's subscribers never watch an agent the reaper drops); a drop stores a chat listed on
   * the visitor's connection whose request has not stored it yet (a race the suite meets only by
   * chance: one run of `.ci/run` saw the reaper's, the next did not).
   */
  private static final Set<String> RARE_PATHS =
      Set.of(
          "TimerHandler sqs:SendMessage " + Schema.TIMER_QUEUE_NAME,
          "ReaperHandler execute-api:ManageConnections POST",
          "ReaperHandler dynamodb:PutItem chats",
          "DisconnectHandler dynamodb:PutItem chats");

  private static final List<String> NOT_CALLS = List.of("logs:", "xray:");

  private static final Set<Handler> NOTIFIERS =
      EnumSet.of(
          Handler.CONNECT,
          Handler.SET_AGENT_STATUS,
          Handler.TRANSFER_CHAT,
          Handler.END_CHAT,
          Handler.ACCEPT_CHAT,
          Handler.ROUTER);

  /**
   * Granted to a queue's consumer for its event source mapping, which polls the queue for the
   * function (locally the runtime's poller does, outside the handler).
   */
  private static final Set<String> EVENT_SOURCE =
      Set.of(
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl");

  /**
   * What forgetting a connection takes (its record, the agent, a visitor's chats and their timers,
   * the presence fan-out): a function that posts to users needs it for a post the gateway answers
   * Gone ({@code ConnectionLifecycle.goneAnswered}), reached only when a connection's
   * {@code $disconnect} never came. The suite reaches it through the reaper and the router.
   */
  private static final List<String> DROPS_ON_GONE =
      List.of(
          "dynamodb:GetItem connections",
          "dynamodb:DeleteItem connections",
          "dynamodb:GetItem agents",
          "dynamodb:UpdateItem agents",
          "dynamodb:BatchGetItem chats",
          "dynamodb:PutItem chats",
          "dynamodb:UpdateItem chats",
          "dynamodb:Query chats/index/byVisitor",
          "dynamodb:Query connections/index/presenceSubscribers",
          "sqs:SendMessage " + Schema.TIMER_QUEUE_NAME,
          "execute-api:ManageConnections POST");

  private static final SynthesizedStack STACK = SynthesizedStack.withDefaults();
  private static List<Call> calls;

  private record Call(String handler, String service, String operation, String resource) {
    String action() {
      return switch (service) {
        case "DynamoDb" -> "dynamodb:" + operation;
        case "Sqs" -> "sqs:" + operation;
        case "ApiGatewayManagementApi" -> "execute-api:ManageConnections";
        default -> throw new IllegalArgumentException("a call of an unexpected service: " + this);
      };
    }

    @Override
    public String toString() {
      return String.join(" ", handler, service, operation, resource);
    }
  }

  @BeforeAll
  static void readRecordedCalls() throws IOException {
    String folder = System.getProperty(SdkCallLog.FOLDER_PROPERTY, "");
    Path recorded = Path.of(folder);
    assumeTrue(
        !folder.isBlank() && Files.isDirectory(recorded),
        "no SDK calls recorded: run the localstack module's end-to-end suite first (mvn verify)");
    try (Stream<Path> files = Files.list(recorded)) {
      calls =
          files
              .flatMap(GrantsMatchCallsTest::lines)
              .distinct()
              .map(line -> line.split(" ", 4))
              .map(f -> new Call(f[0], f[1], f[2], f[3]))
              .toList();
    }
  }

  @Test
  void everyCallIsGrantedToTheFunctionThatMadeIt() {
    List<String> ungranted = new ArrayList<>();
    for (Call call : calls) {
      Handler handler = handlerNamed(call.handler());
      boolean granted =
          STACK.statementsOf(handler).stream()
              .filter(statement -> asList(statement.get("Action")).contains(call.action()))
              .flatMap(statement -> asList(statement.get("Resource")).stream())
              .anyMatch(resource -> covers(handler, resource, call));
      if (!granted) {
        ungranted.add(call.toString());
      }
    }

    assertThat(calls).as("calls recorded").isNotEmpty();
    assertThat(ungranted).as("calls their function's policy does not grant").isEmpty();
  }

  @Test
  void nothingIsGrantedThatTheFunctionNeverCalled() {
    List<String> unused = new ArrayList<>();
    for (Handler handler : Handler.values()) {
      List<Call> made = calls.stream().filter(call -> call.handler().equals(handler.className())).toList();
      for (Map<String, Object> statement : STACK.statementsOf(handler)) {
        for (Object action : asList(statement.get("Action"))) {
          if (NOT_CALLS.stream().anyMatch(((String) action)::startsWith)
              || DEPLOYED_ONLY.contains(handler.className() + " " + action)
              || (consumesAQueue(handler) && EVENT_SOURCE.contains(action))) {
            continue;
          }
          for (Object resource : asList(statement.get("Resource"))) {
            boolean used =
                made.stream()
                    .filter(call -> call.action().equals(action))
                    .anyMatch(call -> covers(handler, resource, call));
            if (!used
                && !(notifies(handler) && dropsOnGone(handler, (String) action, resource))
                && !rarePath(handler, (String) action, resource)) {
              unused.add(handler.className() + " " + action + " " + resource);
            }
          }
        }
      }
    }

    assertThat(unused).as("grants never used in the end-to-end suite").isEmpty();
  }

  private static boolean consumesAQueue(Handler handler) {
    return handler == Handler.ROUTER || handler == Handler.TIMER;
  }

  /**
   * Posts to users' connections through the notifier (its callers): an agent's as the agent's item
   * lists them, a visitor's found by the user index. Since an agent's records left that index, the
   * index's grant no longer marks every such function.
   */
  private static boolean notifies(Handler handler) {
    return NOTIFIERS.contains(handler);
  }

  private static boolean rarePath(Handler handler, String action, Object resource) {
    return RARE_PATHS.stream()
        .map(path -> path.split(" ", 3))
        .filter(path -> path[0].equals(handler.className()) && path[1].equals(action))
        .anyMatch(path -> covers(handler, resource, asCall(handler, path[1], path[2])));
  }

  /** Whether the grant is one of {@link #DROPS_ON_GONE}. */
  private static boolean dropsOnGone(Handler handler, String action, Object resource) {
    return DROPS_ON_GONE.stream()
        .map(grant -> grant.split(" ", 2))
        .filter(grant -> grant[0].equals(action))
        .anyMatch(grant -> covers(handler, resource, asCall(handler, grant[0], grant[1])));
  }

  private static Call asCall(Handler handler, String action, String resource) {
    String service =
        switch (action.substring(0, action.indexOf(':'))) {
          case "dynamodb" -> "DynamoDb";
          case "sqs" -> "Sqs";
          default -> "ApiGatewayManagementApi";
        };
    return new Call(handler.className(), service, action.substring(action.indexOf(':') + 1), resource);
  }

  /** Whether the statement's resource is the table, index, queue or gateway method the call used. */
  private static boolean covers(Handler handler, Object resource, Call call) {
    return switch (call.service()) {
      case "DynamoDb" -> coversTable(resource, call.resource());
      case "Sqs" -> queueOf(handler, call.resource()).filter(id -> mentions(resource, id)).isPresent();
      default -> mentions(resource, "/" + call.resource() + "/@connections/");
    };
  }

  /** {@code name} or {@code name/index/index}: the table's resource, or one of its index's. */
  private static boolean coversTable(Object resource, String recorded) {
    String[] parts = recorded.split("/index/", 2);
    String tableId = tableId(parts[0]);
    if (!mentions(resource, tableId)) {
      return false;
    }
    return parts.length == 2 ? mentions(resource, "/index/" + parts[1]) : !mentions(resource, "/index/");
  }

  private static String tableId(String logicalName) {
    return STACK.resources("AWS::DynamoDB::Table").entrySet().stream()
        .filter(e -> mentions(properties(e.getValue()).get("Tags"), logicalName))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table tagged " + logicalName));
  }

  /**
   * The logical id of the queue the local runtime names {@code localName}, as the function finds it
   * deployed: the queue its environment variable refers to.
   */
  private static Optional<String> queueOf(Handler handler, String localName) {
    Map<String, String> byLocalName =
        Map.of(
            Schema.ROUTING_QUEUE.name(), Schema.ROUTING_QUEUE.urlEnvVariable(),
            Schema.TIMER_QUEUE_NAME, Setting.TIMER_QUEUE_URL.envName(),
            Schema.ROUTING_QUEUE.deadLetterName(), Setting.ROUTING_DLQ_URL.envName());
    Object variables =
        map(STACK.functionProperties(handler).getOrDefault("Environment", Map.of())).get("Variables");
    return Optional.ofNullable(byLocalName.get(localName))
        .map(variable -> variables == null ? null : map(variables).get(variable))
        .map(value -> (String) map(value).get("Ref"));
  }

  private static Handler handlerNamed(String className) {
    return Arrays.stream(Handler.values())
        .filter(handler -> handler.className().equals(className))
        .findFirst()
        .orElseThrow(() -> new AssertionError("calls recorded for an unknown handler " + className));
  }

  private static Stream<String> lines(Path file) {
    try {
      return new TreeSet<>(Files.readAllLines(file)).stream().filter(line -> !line.isBlank());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
