package chat.presence.local.e2e;

import static org.awaitility.Awaitility.await;

import chat.presence.functions.Services;
import chat.presence.local.DevTokens;
import chat.presence.local.ExternalBackend;
import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import chat.presence.local.sqs.BatchListener;
import chat.presence.local.testing.TargetBackend;
import chat.presence.local.testing.WsClient;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.routing.VisitorLimits;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A local runtime on a free port with short timings, and helpers to connect to it. The timings are
 * the production ones scaled down through the same configuration a user would set. Its DynamoDB and
 * SQS are the runtime's own emulators or LocalStack ({@link TargetBackend}).
 */
final class TestRuntime implements AutoCloseable {
  static final Duration GRACE = Duration.ofMillis(1500);
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  /** Longer than any handshake here, shorter than the heartbeat timeout, as 29 s is deployed. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

  private final LocalRuntime runtime;

  private TestRuntime(LocalRuntime runtime) {
    this.runtime = runtime;
  }

  static TestRuntime start() {
    return start((batch, outcome) -> {});
  }

  static TestRuntime start(BatchListener routerListener) {
    return start(routerListener, Map.of(), Duration.ofMillis(250), 4);
  }

  /**
   * With some settings changed: more presence variables, the reaper's interval (a long one leaves
   * the passes to the test's {@code reapNow}), the routing queue's visibility timeout.
   */
  static TestRuntime start(
      BatchListener routerListener,
      Map<String, String> presence,
      Duration reaperInterval,
      int visibilityTimeoutSeconds) {
    return start(routerListener, presence, reaperInterval, visibilityTimeoutSeconds, TargetBackend.chosen());
  }

  /** On these DynamoDB and SQS endpoints, whatever the run chose for the others. */
  static TestRuntime startOn(ExternalBackend backend) {
    return start((batch, outcome) -> {}, Map.of(), Duration.ofMillis(250), 4, Optional.of(backend));
  }

  private static TestRuntime start(
      BatchListener routerListener,
      Map<String, String> presence,
      Duration reaperInterval,
      int visibilityTimeoutSeconds,
      Optional<ExternalBackend> backend) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                Setting.OFFLINE_GRACE.envName(), seconds(GRACE),
                Setting.HEARTBEAT_TIMEOUT.envName(), seconds(HEARTBEAT_TIMEOUT),
                Setting.DEFAULT_MAX_CHATS.envName(), "3",
                Setting.HANDSHAKE_TIMEOUT.envName(), seconds(HANDSHAKE_TIMEOUT),
                Setting.QUEUE_CHECK.envName(), "2",
                // Routing tests use one visitor for many chats; FloodIT sets the limit it tests.
                Setting.MAX_OPEN_CHATS_PER_VISITOR.envName(), "100"));
    settings.putAll(presence);
    return new TestRuntime(
        LocalRuntime.start(
            new LocalSettings(
                0,
                Optional.empty(),
                Optional.of("test-secret-of-at-least-thirty-two-bytes!"),
                settings,
                reaperInterval,
                visibilityTimeoutSeconds,
                3,
                backend),
            routerListener));
  }

  LocalRuntime runtime() {
    return runtime;
  }

  static String uniqueSite() {
    return "site-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String token(String site, String subject, String role) {
    return token(site, subject, role, OptionalInt.empty());
  }

  String token(String site, String subject, String role, OptionalInt maxChats) {
    return token(site, subject, role, maxChats, List.of());
  }

  private String token(String site, String subject, String role, OptionalInt maxChats, List<String> groups) {
    return DevTokens.sign(
        runtime.settings().effectiveJwtSecret(), site, subject, role, Duration.ofMinutes(10), maxChats, groups);
  }

  /** An agent of the given routing groups, connecting as available. */
  WsClient agentOfGroups(String site, String agentId, String... groups) {
    return WsClient.connect(
        runtime.webSocketUrl(),
        token(site, agentId, "agent", OptionalInt.empty(), List.of(groups)),
        "&status=available");
  }

  /** An agent of the given routing groups and capacity, connecting as available. */
  WsClient agentOfGroups(String site, String agentId, int maxChats, String... groups) {
    return WsClient.connect(
        runtime.webSocketUrl(),
        token(site, agentId, "agent", OptionalInt.of(maxChats), List.of(groups)),
        "&status=available");
  }

  WsClient agent(String site, String agentId) {
    return WsClient.connect(runtime.webSocketUrl(), token(site, agentId, "agent"), "");
  }

  WsClient agent(String site, String agentId, String status) {
    return WsClient.connect(runtime.webSocketUrl(), token(site, agentId, "agent"), "&status=" + status);
  }

  WsClient agentWithCapacity(String site, String agentId, int maxChats) {
    return WsClient.connect(
        runtime.webSocketUrl(), token(site, agentId, "agent", OptionalInt.of(maxChats)), "");
  }

  WsClient supervisor(String site, String supervisorId) {
    return WsClient.connect(runtime.webSocketUrl(), token(site, supervisorId, "supervisor"), "");
  }

  WsClient visitor(String site, String visitorId) {
    return WsClient.connect(runtime.webSocketUrl(), token(site, visitorId, "visitor"), "");
  }

  /** Every stored item that belongs to a site, in a stable order: to prove nothing changed. */
  Map<String, Map<String, AttributeValue>> storedState(String site) {
    var state = new TreeMap<String, Map<String, AttributeValue>>();
    for (String table : List.of("agents", "connections", "chats", "sites")) {
      runtime
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
  Map<String, Map<String, AttributeValue>> settledState(String site, Duration interval) {
    var previous = new AtomicReference<>(storedState(site));
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(interval)
        .pollInterval(interval)
        .until(() -> storedState(site), state -> state.equals(previous.getAndSet(state)));
  }

  /** The connections the sparse subscribers index lists for the site. */
  List<String> presenceSubscribers(String site) {
    return runtime
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

  /** Connections registered at or after {@code since}, on any site. */
  long connectionsRegisteredSince(java.time.Instant since) {
    return runtime
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
  void sendRoutingEvent(RoutingEvent event) {
    var queues = runtime.queues();
    runtime
        .sqs()
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queues.url())
                    .messageGroupId(event.siteId())
                    .messageDeduplicationId(UUID.randomUUID().toString())
                    .messageBody(RoutingEventCodec.encode(event)));
  }

  @Override
  public void close() {
    runtime.close();
  }

  private static String seconds(Duration duration) {
    return Double.toString(duration.toMillis() / 1000.0);
  }
}
