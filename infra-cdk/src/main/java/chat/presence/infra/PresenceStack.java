package chat.presence.infra;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.settings.Setting;
import chat.presence.model.wire.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketMockIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

/**
 * The deployed backend: a WebSocket API whose routes invoke the handlers, the routing FIFO queue
 * feeding the router, scheduled reaper and audit, the schema's tables, and their alarms.
 */
public final class PresenceStack extends Stack {
  static final String ROUTE_SELECTION_EXPRESSION = "$request.body.action";
  static final int ROUTER_BATCH_SIZE = 10;
  static final int REAPER_INTERVAL_SECONDS = 60;
  /** The template key a selection expression of {@code \$default} picks whatever the frame. */
  static final String MOCK_TEMPLATE_KEY = "$default";
  static final String JAVA_TOOL_OPTIONS_NAME = "JAVA_TOOL_OPTIONS";
  /** Also the benchmark's default for the init probes (InitJvm.DEPLOYED_FLAGS). */
  static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  public PresenceStack(Construct scope, String id, StackProps props, PresenceConfig config) {
    super(scope, id, props);
    var tables = new PresenceTables(this, "Tables");
    var queues = new RoutingQueues(this, "Routing", Schema.ROUTING_QUEUE);
    var jwtKey = new JwtKeySource(this, "JwtKey", config);
    // No authorizer: ConnectHandler verifies the token itself and answers 401/403.
    var api =
        WebSocketApi.Builder.create(this, "Api")
            .apiName("presence-" + config.stage())
            .routeSelectionExpression(ROUTE_SELECTION_EXPRESSION)
            .build();
    var stage =
        WebSocketStage.Builder.create(this, "Stage")
            .webSocketApi(api)
            .stageName(config.stage())
            .autoDeploy(true)
            .throttle(StageThrottles.DEFAULT)
            .build();
    var resources = new StackResources(tables, queues, jwtKey.secret(), api, config.stage());

    Code code = functionsCode(config.functionsJar());
    Map<String, String> environment = environment(config, tables, queues, jwtKey, api);
    Map<Handler, PresenceFunction> functions = new EnumMap<>(Handler.class);
    for (Handler handler : Handler.values()) {
      var function = new PresenceFunction(this, handler, code, environment);
      HandlerPermissions.of(handler)
          .forEach(permission -> permission.toStatement(resources).ifPresent(function::allow));
      handler
          .routeKey()
          .ifPresent(routeKey -> api.addRoute(routeKey, integrationOf(handler, function)));
      functions.put(handler, function);
    }
    for (Route route : Route.values()) {
      if (route.handlerClass().isEmpty()) {
        api.addRoute(route.key(), gatewayOnlyRoute(route));
      }
    }
    StageThrottles.apply(stage);
    NagReasons.apply(this);

    functions
        .get(Handler.ROUTER)
        .alias()
        .addEventSource(
            SqsEventSource.Builder.create(queues.queue())
                .batchSize(ROUTER_BATCH_SIZE)
                // Only the failed messages return to the queue, not the whole batch.
                .reportBatchItemFailures(true)
                .build());
    functions
        .get(Handler.TIMER)
        .alias()
        .addEventSource(
            SqsEventSource.Builder.create(queues.timers())
                .batchSize(ROUTER_BATCH_SIZE)
                .reportBatchItemFailures(true)
                .build());
    runEvery(Duration.seconds(REAPER_INTERVAL_SECONDS), functions.get(Handler.REAPER));
    runEvery(Duration.minutes(5), functions.get(Handler.AUDIT));

    new PresenceMonitoring(
        this,
        "Monitoring",
        queues,
        functions.get(Handler.ROUTER),
        functions.get(Handler.CONNECT),
        config.alarmEmail());

    CfnOutput.Builder.create(this, "WebSocketUrl")
        .description("Clients connect here with ?token=JWT")
        .value(stage.getUrl())
        .build();
    CfnOutput.Builder.create(this, "ConnectionsUrl")
        .description("The @connections management API the handlers post to")
        .value(stage.getCallbackUrl() + "/@connections")
        .build();
    jwtKey
        .generatedSecret()
        .ifPresent(
            secret ->
                CfnOutput.Builder.create(this, "JwtSecretArn")
                    .description("The generated HS256 key; token issuers sign with its value")
                    .value(secret.getSecretArn())
                    .build());
  }

  private static Code functionsCode(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No handlers jar at "
              + jar.toAbsolutePath().normalize()
              + ": build it with `mvn -pl functions -am package` (from the repository root)"
              + " or point -c functionsJar=... at it");
    }
    return Code.fromAsset(jar.toAbsolutePath().normalize().toString());
  }

  /** The same variables for every handler, so that they share one configuration loader. */
  private Map<String, String> environment(
      PresenceConfig config,
      PresenceTables tables,
      RoutingQueues queues,
      JwtKeySource jwtKey,
      WebSocketApi api) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (TableSpec table : Schema.TABLES) {
      environment.put(table.envVariable(), tables.get(table).getTableName());
    }
    environment.put(Schema.ROUTING_QUEUE.urlEnvVariable(), queues.queue().getQueueUrl());
    environment.put(Setting.TIMER_QUEUE_URL.envName(), queues.timers().getQueueUrl());
    environment.put(Setting.ROUTING_DLQ_URL.envName(), queues.deadLetterQueue().getQueueUrl());
    // Built from the API id and stage name rather than the stage, so functions need not wait for
    // it.
    environment.put(
        Setting.CONNECTIONS_ENDPOINT.envName(),
        "https://"
            + api.getApiId()
            + ".execute-api."
            + getRegion()
            + "."
            + getUrlSuffix()
            + "/"
            + config.stage());
    environment.putAll(jwtKey.environment());
    // A token of the shared identity provider made for another application is refused.
    config.jwtIssuer().ifPresent(issuer -> environment.put(Setting.JWT_ISSUER.envName(), issuer));
    config.jwtAudience().ifPresent(audience -> environment.put(Setting.JWT_AUDIENCE.envName(), audience));
    environment.put(Setting.JWT_MAX_LIFETIME.envName(), String.valueOf(config.jwtMaxLifetimeSeconds()));
    environment.put(Setting.DEFAULT_MAX_CHATS.envName(), String.valueOf(config.defaultMaxChats()));
    environment.put(Setting.OFFER_TIMEOUT.envName(), String.valueOf(config.offerTimeoutSeconds()));
    environment.put(Setting.MAX_QUEUE_WAIT.envName(), String.valueOf(config.maxQueueWaitSeconds()));
    environment.put(Setting.VISITOR_RETURN.envName(), String.valueOf(config.visitorReturnSeconds()));
    environment.put(Setting.GROUP_OVERFLOW.envName(), String.valueOf(config.groupOverflowSeconds()));
    environment.put(Setting.STICKY_WAIT.envName(), String.valueOf(config.stickyWaitSeconds()));
    // The reaper confirms silence over one of its intervals; the auditor allows for it.
    environment.put(Setting.REAPER_INTERVAL.envName(), String.valueOf(REAPER_INTERVAL_SECONDS));
    environment.put(Setting.OFFLINE_GRACE.envName(), String.valueOf(config.offlineGraceSeconds()));
    environment.put(
        Setting.HEARTBEAT_TIMEOUT.envName(), String.valueOf(config.heartbeatTimeoutSeconds()));
    environment.put(
        Setting.HEARTBEAT_INTERVAL.envName(), String.valueOf(config.heartbeatIntervalSeconds()));
    // C1 only: the handlers wait on I/O, so C2's peak speed buys little and its compile threads
    // compete for the function's fraction of a core; this is what SnapStart's snapshot is taken
    // with. SerialGC is what the JVM picks itself below 1792 MB; stated so that a larger memory
    // setting does not bring G1's start-up cost with it.
    environment.put(JAVA_TOOL_OPTIONS_NAME, JAVA_TOOL_OPTIONS);
    return environment;
  }

  private static WebSocketRouteOptions integrationOf(Handler handler, PresenceFunction function) {
    return WebSocketRouteOptions.builder()
        .integration(
            new WebSocketLambdaIntegration(handler.className() + "Integration", function.alias()))
        .build();
  }

  /**
   * One-way (no route response) with a mock integration: a ping costs one message and invokes no
   * function, and the gateway still records it as the connection's activity. The template makes
   * the mock succeed; without a route response nothing goes back either way.
   */
  private static WebSocketRouteOptions gatewayOnlyRoute(Route route) {
    String constructId = Character.toUpperCase(route.key().charAt(0)) + route.key().substring(1) + "Integration";
    return WebSocketRouteOptions.builder()
        .integration(
            WebSocketMockIntegration.Builder.create(constructId)
                .requestTemplates(Map.of(MOCK_TEMPLATE_KEY, "{\"statusCode\": 200}"))
                .templateSelectionExpression("\\" + MOCK_TEMPLATE_KEY)
                .build())
        .build();
  }

  private void runEvery(Duration interval, PresenceFunction function) {
    Rule.Builder.create(function, "Schedule")
        .schedule(Schedule.rate(interval))
        .targets(List.of(new LambdaFunction(function.alias())))
        .build();
  }
}
