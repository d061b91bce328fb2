package chat.presence.local;

import chat.presence.functions.Services;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.handlers.Handlers;
import chat.presence.functions.handlers.ReaperHandler;
import chat.presence.functions.handlers.TimerHandler;
import chat.presence.functions.routing.Pause;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.local.audit.AuditEndpoint;
import chat.presence.local.calls.SdkCallLog;
import chat.presence.local.console.LocalConsole;
import chat.presence.local.emulator.DynamoEmulator;
import chat.presence.local.emulator.QueueUrls;
import chat.presence.local.emulator.SqsEmulator;
import chat.presence.local.faults.DynamoFaults;
import chat.presence.local.faults.SqsFaults;
import chat.presence.local.gateway.GatewayConfig;
import chat.presence.local.gateway.WebSocketGateway;
import chat.presence.local.sqs.BatchListener;
import chat.presence.local.sqs.SqsEventSource;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import chat.presence.model.wire.Route;
import chat.presence.model.schema.TableSpec;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import org.slf4j.LoggerFactory;

/**
 * The whole backend on one machine: DynamoDB (dynalite) and SQS (ElasticMQ) emulators, an API
 * Gateway WebSocket emulator, the SQS event source and the reaper's schedule, all invoking the very
 * handlers that are deployed as Lambda functions.
 */
public final class LocalRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
  private static final String REGION = "us-east-1";
  /** Longer than a reaper pass over a test's or a developer's connections takes. */
  private static final Duration REAPER_STOP_GRACE = Duration.ofSeconds(10);

  private final LocalSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final DynamoEmulator dynamo;
  private final SqsEmulator sqs;
  private final QueueUrls queues;
  private final String timerQueueUrl;
  private final Services services;
  private final WebSocketGateway gateway;
  private final ReaperHandler reaper;
  private final DynamoFaults dynamoFaults = new DynamoFaults();
  private final SqsFaults sqsFaults = new SqsFaults();
  private final Map<String, String> functionEnvironment;
  /** An SQS client as the handlers have it (faults and call record included), for the audit. */
  private final SqsClient handlersSqs;

  private LocalRuntime(
      LocalSettings settings, BatchListener routerListener, List<ExecutionInterceptor> dynamoObservers) {
    this.settings = settings;
    int port = claimPort(settings.port());
    try {
      dynamo =
          remember(
              settings
                  .backend()
                  .map(backend -> DynamoEmulator.external(backend.dynamodb()))
                  .orElseGet(() -> DynamoEmulator.start(settings.dataDir())));
      dynamo.createTables(Schema.TABLES, TableSpec::logicalName);
      sqs = remember(settings.backend().map(backend -> SqsEmulator.external(backend.sqs())).orElseGet(SqsEmulator::start));
      timerQueueUrl = sqs.createStandardQueue(Schema.TIMER_QUEUE_NAME);
      queues =
          sqs.createQueues(
              Schema.ROUTING_QUEUE,
              settings.routingVisibilityTimeoutSeconds(),
              settings.routingMaxReceiveCount());
      functionEnvironment = environmentFor(port);
      Map<String, String> env = functionEnvironment;
      List<ExecutionInterceptor> recorded = SdkCallLog.fromSystemProperty().<List<ExecutionInterceptor>>map(List::of).orElse(List.of());
      List<ExecutionInterceptor> dynamoInterceptors = new ArrayList<>(dynamoObservers);
      dynamoInterceptors.add(dynamoFaults);
      dynamoInterceptors.addAll(recorded);
      List<ExecutionInterceptor> sqsInterceptors = new ArrayList<>(List.of(sqsFaults));
      sqsInterceptors.addAll(recorded);
      AwsClients clients = new AwsClients(env, dynamoInterceptors, sqsInterceptors, recorded);
      services = Services.fromEnvironment(clients, env);
      handlersSqs = remember(clients.sqs());
      // ping's deployed route has a mock integration: the gateway alone handles it.
      gateway =
          remember(
              new WebSocketGateway(
                      GatewayConfig.onPort(port), recordedAsTheirs(Handlers.routes(services)), Route.gatewayOnlyKeys())
                  .start());
      reaper = Handlers.reaper(services);
      gateway.app().get("/health", ctx -> ctx.json(Map.of("status", "ok")));
      AuditEndpoint.addRoute(gateway.app(), this);
      LocalConsole.addRoutes(gateway.app(), this);
      var router =
          new SqsEventSource(
              sqs.client(),
              queues.url(),
              queues.arn(),
              recordedAsItsOwn(Handlers.router(services, RetryPolicy.DEFAULT, Pause.SLEEP)),
              SqsEventSource.Settings.defaults("router", Schema.ROUTER_TIMEOUT_SECONDS),
              routerListener);
      router.start();
      started.push(router::stop);
      var timers =
          new SqsEventSource(
              sqs.client(),
              timerQueueUrl,
              sqs.arnOf(timerQueueUrl),
              recordedAsItsOwn(new TimerHandler(services.routingQueue(), services.timers(), services.clock())),
              SqsEventSource.Settings.defaults("timers", Schema.ROUTER_TIMEOUT_SECONDS));
      timers.start();
      started.push(timers::stop);
      startReaper();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public static LocalRuntime start(LocalSettings settings) {
    return new LocalRuntime(settings, (batch, outcome) -> {}, List.of());
  }

  /** Starts with an observer of the router's batches, for tests. */
  public static LocalRuntime start(LocalSettings settings, BatchListener routerListener) {
    return new LocalRuntime(settings, routerListener, List.of());
  }

  /**
   * Starts with observers of the handlers' DynamoDB calls (for example to count consumed capacity
   * in a benchmark) and of the router's batches.
   */
  public static LocalRuntime start(
      LocalSettings settings, BatchListener routerListener, List<ExecutionInterceptor> dynamoObservers) {
    return new LocalRuntime(settings, routerListener, dynamoObservers);
  }

  public URI webSocketUrl() {
    return gateway.webSocketUrl();
  }

  public URI httpUrl() {
    return gateway.connectionsEndpoint();
  }

  public int port() {
    return gateway.port();
  }

  public LocalSettings settings() {
    return settings;
  }

  public Services services() {
    return services;
  }

  public WebSocketGateway gateway() {
    return gateway;
  }

  /** Fault injection into the handlers' DynamoDB calls; tests only. */
  public DynamoFaults dynamoFaults() {
    return dynamoFaults;
  }

  /** Fault injection into the handlers' SQS calls; tests only. */
  public SqsFaults sqsFaults() {
    return sqsFaults;
  }

  public QueueUrls queues() {
    return queues;
  }

  /** SQS as the handlers reach it: the audit's reads of the dead-letter queue go through it. */
  public SqsClient handlersSqs() {
    return handlersSqs;
  }

  public SqsEmulator sqs() {
    return sqs;
  }

  public DynamoEmulator dynamo() {
    return dynamo;
  }

  /** Runs one reaper pass now, as the schedule would. */
  public String reapNow() {
    return SdkCallLog.as(
        ReaperHandler.class.getSimpleName(),
        () -> reaper.handleRequest(new ScheduledEvent(), new LocalLambdaContext("reaper", 60)));
  }

  /** Each route's handler, with the SDK calls it makes recorded as its own. */
  private static <I, O> Map<String, RequestHandler<I, O>> recordedAsTheirs(Map<String, RequestHandler<I, O>> routes) {
    Map<String, RequestHandler<I, O>> recorded = new HashMap<>();
    routes.forEach((route, handler) -> recorded.put(route, recordedAsItsOwn(handler)));
    return Map.copyOf(recorded);
  }

  /** The handler, with the SDK calls it makes recorded under its class's name. */
  private static <I, O> RequestHandler<I, O> recordedAsItsOwn(RequestHandler<I, O> handler) {
    String name = handler.getClass().getSimpleName();
    return (input, context) -> SdkCallLog.as(name, () -> handler.handleRequest(input, context));
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        LOG.warn("stopping a part of the local runtime failed", e);
      }
    }
  }

  /**
   * The variables the handlers run with, pointing at this runtime's emulators: what a deployed
   * function gets from its stack, for processes that run a handler outside this JVM.
   */
  public Map<String, String> functionEnvironment() {
    return Map.copyOf(functionEnvironment);
  }

  private Map<String, String> environmentFor(int port) {
    Map<String, String> env = new HashMap<>(settings.presence());
    // The reaper confirms silence over one of its own intervals, so it must know the local one.
    env.putIfAbsent(Setting.REAPER_INTERVAL.envName(), Double.toString(settings.reaperInterval().toMillis() / 1000.0));
    env.put("AWS_REGION", REGION);
    env.put(Setting.DYNAMODB_ENDPOINT.envName(), dynamo.endpoint().toString());
    env.put(Setting.SQS_ENDPOINT.envName(), sqs.endpoint().toString());
    env.put(Setting.CONNECTIONS_ENDPOINT.envName(), "http://localhost:" + port);
    env.put(Schema.ROUTING_QUEUE.urlEnvVariable(), queues.url());
    env.put(Setting.TIMER_QUEUE_URL.envName(), timerQueueUrl);
    env.put(Setting.ROUTING_DLQ_URL.envName(), queues.deadLetterUrl());
    env.put(Setting.JWT_SECRET.envName(), settings.effectiveJwtSecret());
    for (TableSpec table : Schema.TABLES) {
      env.put(table.envVariable(), table.logicalName());
    }
    return env;
  }

  private void startReaper() {
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "reaper-schedule");
              thread.setDaemon(true);
              return thread;
            });
    long periodMillis = settings.reaperInterval().toMillis();
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            reapNow();
          } catch (RuntimeException e) {
            LOG.error("reaper pass failed", e);
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
    started.push(
        () -> {
          // A pass under way finishes: interrupted, it would fail with an error at every stop.
          schedule.shutdown();
          if (!schedule.awaitTermination(REAPER_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            schedule.shutdownNow();
          }
        });
  }

  private <T extends AutoCloseable> T remember(T part) {
    started.push(part);
    return part;
  }

  /**
   * The handlers must know the @connections URL before the gateway starts, so a free port is chosen
   * first; a taken port is reported plainly.
   */
  private static int claimPort(int requested) {
    try (ServerSocket socket = new ServerSocket(requested, 1, InetAddress.getByName("localhost"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new PortInUseException(requested);
    }
  }

  /** The port the runtime was told to use is taken. */
  public static final class PortInUseException extends RuntimeException {
    public PortInUseException(int port) {
      super(
          "port "
              + port
              + " is already in use; stop whatever uses it, or choose another with --port or "
              + Setting.PORT.envName());
    }
  }
}
