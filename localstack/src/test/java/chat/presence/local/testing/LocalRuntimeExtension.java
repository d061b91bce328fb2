package chat.presence.local.testing;

import static org.awaitility.Awaitility.await;

import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.DevTokens;
import chat.presence.local.ExternalBackend;
import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import chat.presence.local.sqs.BatchListener;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A local runtime on a free port for a test, and helpers to connect to it and read what it stored.
 *
 * <p>Registered on a static field ({@code @RegisterExtension static final LocalRuntimeExtension
 * runtime = LocalRuntimeExtension.builder().build();}) it runs for the whole class; on an instance
 * field, for each test. A test that needs a runtime of its own within its body, or two in turn,
 * starts one with {@link Builder#start()} in a try-with-resources. Whoever started the runtime stops
 * it; a runtime that failed to start is simply not there to stop.
 *
 * <p>{@link #builder()} has the end-to-end tests' settings: the production timings scaled down
 * through the same variables a user would set, on the DynamoDB and SQS that {@link TargetBackend}
 * chose. {@link #forConsole} and {@link #forAudits} start from the deployed timings instead.
 */
public final class LocalRuntimeExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {
  /** The offline grace {@link #builder()} sets; it and the timeouts are for tests to measure against. */
  public static final Duration GRACE = Duration.ofMillis(1500);
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  /** Longer than any handshake here, shorter than the heartbeat timeout, as 29 s is deployed. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

  private static final Map<String, String> SCALED_DOWN_TIMINGS =
      Map.of(
          Setting.OFFLINE_GRACE.envName(), seconds(GRACE),
          Setting.HEARTBEAT_TIMEOUT.envName(), seconds(HEARTBEAT_TIMEOUT),
          Setting.HANDSHAKE_TIMEOUT.envName(), seconds(HANDSHAKE_TIMEOUT),
          Setting.QUEUE_CHECK.envName(), "2");
  private static final String TEST_SECRET = "test-secret-of-at-least-thirty-two-bytes!";

  /** On the runtime's own emulators: the backend is resolved at start (see {@link Builder#backend}). */
  private final LocalSettings settings;
  private final Supplier<Optional<ExternalBackend>> backend;
  private final BatchListener routerListener;
  private LocalRuntime runtime;
  /** The unique id of the class or test whose callbacks started the runtime, and so stop it. */
  private String startedBy;

  private LocalRuntimeExtension(
      LocalSettings settings, Supplier<Optional<ExternalBackend>> backend, BatchListener routerListener) {
    this.settings = settings;
    this.backend = backend;
    this.routerListener = routerListener;
  }

  /** The end-to-end tests' runtime. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * For the console's tests, with the offline grace a test needs: the development secret, since the
   * console signs in through {@code /local/dev-token}, which a configured secret turns off; and the
   * deployed keep-alive timings, which the browser's page follows.
   */
  public static Builder forConsole(Duration offlineGrace) {
    return builder()
        .deployedTimings()
        .developmentSecret()
        .presence(Setting.OFFLINE_GRACE, offlineGrace)
        .reaperInterval(Duration.ofSeconds(1))
        .routingVisibilityTimeout(2)
        .ownEmulators();
  }

  /** For the audit tests: a heartbeat timeout long enough that a test never needs to send heartbeats. */
  public static Builder forAudits() {
    return builder()
        .deployedTimings()
        .presence(Setting.OFFLINE_GRACE, GRACE)
        .presence(Setting.HEARTBEAT_TIMEOUT, Duration.ofSeconds(60))
        .routingVisibilityTimeout(2)
        .ownEmulators();
  }

  public static String uniqueSite() {
    return "site-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopFor(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopFor(context);
  }

  /**
   * Once per registration: a static field's runtime, started for its class, is already there for
   * each test and for the classes nested in it.
   */
  private void startFor(ExtensionContext context) {
    if (runtime == null) {
      start();
      startedBy = context.getUniqueId();
    }
  }

  private void start() {
    runtime = LocalRuntime.start(backend.get().map(settings::withBackend).orElse(settings), routerListener);
  }

  /**
   * Stops the runtime its own callback started; a runtime that outlives the test loses the faults
   * the test injected, so that they never reach the next test.
   */
  private void stopFor(ExtensionContext context) {
    if (context.getUniqueId().equals(startedBy)) {
      close();
    } else if (runtime != null) {
      runtime.dynamoFaults().clear();
      runtime.sqsFaults().clear();
      runtime.gateway().faults().holdHandshakes(Duration.ZERO);
    }
  }

  @Override
  public void close() {
    if (runtime != null) {
      try {
        runtime.close();
      } finally {
        runtime = null;
        startedBy = null;
      }
    }
  }

  public LocalRuntime runtime() {
    if (runtime == null) {
      throw new IllegalStateException(
          "no runtime: register the extension with @RegisterExtension, or start it with builder().start()");
    }
    return runtime;
  }

  public String token(String site, String subject, String role) {
    return token(site, subject, role, OptionalInt.empty());
  }

  public String token(String site, String subject, String role, OptionalInt maxChats) {
    return token(site, subject, role, maxChats, List.of());
  }

  /** An agent's token with its own capacity, for a test that needs chats to wait behind a full agent. */
  public String agentToken(String site, String agentId, int maxChats) {
    return token(site, agentId, "agent", OptionalInt.of(maxChats));
  }

  private String token(String site, String subject, String role, OptionalInt maxChats, List<String> groups) {
    return DevTokens.sign(
        runtime().settings().effectiveJwtSecret(), site, subject, role, Duration.ofMinutes(10), maxChats, groups);
  }

  /** An agent of the given routing groups, connecting as available. */
  public WsClient agentOfGroups(String site, String agentId, String... groups) {
    return WsClient.connect(
        runtime().webSocketUrl(),
        token(site, agentId, "agent", OptionalInt.empty(), List.of(groups)),
        "&status=available");
  }

  /** An agent of the given routing groups and capacity, connecting as available. */
  public WsClient agentOfGroups(String site, String agentId, int maxChats, String... groups) {
    return WsClient.connect(
        runtime().webSocketUrl(),
        token(site, agentId, "agent", OptionalInt.of(maxChats), List.of(groups)),
        "&status=available");
  }

  public WsClient agent(String site, String agentId) {
    return WsClient.connect(runtime().webSocketUrl(), token(site, agentId, "agent"), "");
  }

  public WsClient agent(String site, String agentId, String status) {
    return WsClient.connect(runtime().webSocketUrl(), token(site, agentId, "agent"), "&status=" + status);
  }

  public WsClient agentWithCapacity(String site, String agentId, int maxChats) {
    return WsClient.connect(runtime().webSocketUrl(), agentToken(site, agentId, maxChats), "");
  }

  public WsClient supervisor(String site, String supervisorId) {
    return WsClient.connect(runtime().webSocketUrl(), token(site, supervisorId, "supervisor"), "");
  }

  public WsClient visitor(String site, String visitorId) {
    return WsClient.connect(runtime().webSocketUrl(), token(site, visitorId, "visitor"), "");
  }

  public URI http(String path) {
    return URI.create(runtime().httpUrl() + path);
  }

  /** The console page with a query and a view, e.g. {@code console("handoverAfterSeconds=2", "agent")}. */
  public URI console(String query, String view) {
    return http("/console" + (query.isEmpty() ? "" : "?" + query) + "#" + view);
  }

  /** Every stored item that belongs to a site, in a stable order: to prove nothing changed. */
  public Map<String, Map<String, AttributeValue>> storedState(String site) {
    var state = new TreeMap<String, Map<String, AttributeValue>>();
    for (String table : List.of("agents", "connections", "chats", "sites")) {
      runtime()
          .dynamo()
          .client()
          .scanPaginator(r -> r.tableName(table).consistentRead(true))
          .items()
          .forEach(
              item -> {
                AttributeValue siteId = item.get("siteId");
                if (siteId != null && site.equals(siteId.s())) {
                  state.put(table + "/" + item, item);
                }
              });
    }
    return state;
  }

  /**
   * The site's stored items once two reads {@code interval} apart agree: what a snapshot taken to
   * prove that nothing changes must wait for, since a router pass goes on writing after the events
   * it sends.
   */
  public Map<String, Map<String, AttributeValue>> settledState(String site, Duration interval) {
    var previous = new AtomicReference<>(storedState(site));
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(interval)
        .pollInterval(interval)
        .until(() -> storedState(site), state -> state.equals(previous.getAndSet(state)));
  }

  /** The connections the sparse subscribers index lists for the site. */
  public List<String> presenceSubscribers(String site) {
    return runtime()
        .dynamo()
        .client()
        .queryPaginator(
            r ->
                r.tableName(Schema.CONNECTIONS.logicalName())
                    .indexName(Schema.PRESENCE_SUBSCRIBERS_INDEX)
                    .keyConditionExpression(Schema.PRESENCE_SITE_ATTRIBUTE + " = :site")
                    .expressionAttributeValues(Map.of(":site", AttributeValue.fromS(site))))
        .items()
        .stream()
        .map(item -> item.get("connectionId").s())
        .toList();
  }

  /**
   * The user's connection records, read from the table itself: an agent's records are not in the
   * {@code byUser} index, and a test must see the records, not the agent's list of them.
   */
  public List<ConnectionRecord> records(String site, String user) {
    return runtime().services().connections().all().stream()
        .filter(record -> record.identity().siteId().equals(site) && record.identity().userId().equals(user))
        .toList();
  }

  /** Connections registered at or after {@code since}, on any site. */
  public long connectionsRegisteredSince(Instant since) {
    return runtime()
        .dynamo()
        .client()
        .scanPaginator(r -> r.tableName("connections").consistentRead(true))
        .items()
        .stream()
        .filter(item -> Long.parseLong(item.get("connectedAt").n()) >= since.toEpochMilli())
        .count();
  }

  /**
   * Sends a routing event as a handler would, but with a fresh deduplication id: what the queue
   * sees for a repeat after its five-minute window, or for an event replayed out of order.
   */
  public void sendRoutingEvent(RoutingEvent event) {
    var queues = runtime().queues();
    runtime()
        .sqs()
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queues.url())
                    .messageGroupId(event.siteId())
                    .messageDeduplicationId(UUID.randomUUID().toString())
                    .messageBody(RoutingEventCodec.encode(event)));
  }

  private static String seconds(Duration duration) {
    return Double.toString(duration.toMillis() / 1000.0);
  }

  /** The runtime's settings; each setter replaces what was set before. */
  public static final class Builder {
    private Map<String, String> timings = SCALED_DOWN_TIMINGS;
    // Tests use one visitor for many chats; a test of the limit sets its own.
    private final Map<String, String> presence =
        new HashMap<>(Map.of(Setting.MAX_OPEN_CHATS_PER_VISITOR.envName(), "100"));
    private Optional<String> jwtSecret = Optional.of(TEST_SECRET);
    private Duration reaperInterval = Duration.ofMillis(250);
    private int routingVisibilityTimeoutSeconds = 4;
    private BatchListener routerListener = (batch, outcome) -> {};
    private Supplier<Optional<ExternalBackend>> backend = TargetBackend::chosen;

    private Builder() {}

    /** A presence variable, as a user would set it in the environment. */
    public Builder presence(Setting setting, String value) {
      presence.put(setting.envName(), value);
      return this;
    }

    public Builder presence(Setting setting, Duration value) {
      return presence(setting, seconds(value));
    }

    /** The reaper's interval: a long one leaves the passes to the test's {@code reapNow}. */
    public Builder reaperInterval(Duration interval) {
      reaperInterval = interval;
      return this;
    }

    public Builder routingVisibilityTimeout(int seconds) {
      routingVisibilityTimeoutSeconds = seconds;
      return this;
    }

    /** An observer of the router's batches. */
    public Builder routerListener(BatchListener listener) {
      routerListener = listener;
      return this;
    }

    /**
     * These DynamoDB and SQS endpoints, whatever the run chose. The default, {@link
     * TargetBackend#chosen()}, is asked only when the runtime starts: a static field is read before
     * {@link TargetBackend} can skip a class whose backend this machine lacks.
     */
    public Builder backend(ExternalBackend external) {
      backend = () -> Optional.of(external);
      return this;
    }

    /**
     * The runtime's own dynalite and ElasticMQ, whatever the run chose: {@link TargetBackend} skips
     * only the end-to-end tests on a machine without the backend asked for.
     */
    public Builder ownEmulators() {
      backend = Optional::empty;
      return this;
    }

    private Builder deployedTimings() {
      timings = Map.of();
      return this;
    }

    private Builder developmentSecret() {
      jwtSecret = Optional.empty();
      return this;
    }

    /** For {@code @RegisterExtension}: the runtime starts with the class or test. */
    public LocalRuntimeExtension build() {
      Map<String, String> variables = new HashMap<>(timings);
      variables.putAll(presence);
      return new LocalRuntimeExtension(
          new LocalSettings(
              0,
              Optional.empty(),
              jwtSecret,
              variables,
              reaperInterval,
              routingVisibilityTimeoutSeconds,
              3,
              Optional.empty()),
          backend,
          routerListener);
    }

    /** A runtime started now, for a test that starts its own: close it (try-with-resources). */
    public LocalRuntimeExtension start() {
      LocalRuntimeExtension started = build();
      started.start();
      return started;
    }
  }
}
