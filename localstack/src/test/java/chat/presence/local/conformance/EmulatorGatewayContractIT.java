package chat.presence.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.functions.aws.ApiGatewayConnections;
import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.local.gateway.GatewayConfig;
import chat.presence.local.gateway.GatewayFaults;
import chat.presence.local.gateway.WebSocketGateway;
import chat.presence.local.testing.WsClient;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * {@link GatewayContract} on the local API Gateway emulator: real WebSocket clients, recording
 * route handlers, and {@link ApiGatewayConnections} over the AWS SDK's management API client, as
 * the handlers use it. Short timeouts (idle 2 s, maximum age 3 s) so that the suite is quick; time
 * passes by sleeping.
 */
class EmulatorGatewayContractIT extends GatewayContract {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration MAX_CONNECTION_AGE = Duration.ofSeconds(3);

  @Override
  protected GatewayDriver startGateway() {
    return new EmulatorDriver(
        GatewayConfig.onPort(0)
            .withIdleTimeout(IDLE_TIMEOUT)
            .withMaxConnectionAge(MAX_CONNECTION_AGE));
  }

  private static final class EmulatorDriver implements GatewayDriver {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration HOLD = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final String HEARTBEAT = "heartbeat";

    private final GatewayConfig config;
    private final Route connect = new Route();
    private final Route disconnect = new Route();
    private final Route heartbeat = new Route();
    private final WebSocketGateway gateway;
    private final GatewayFaults faults;
    private final ApiGatewayManagementApiClient api;
    private final ConnectionsGateway connections;
    private final Map<String, WsClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<WsClient>> held = new ConcurrentHashMap<>();

    EmulatorDriver(GatewayConfig config) {
      this.config = config;
      this.gateway =
          new WebSocketGateway(
                  config,
                  Map.of(
                      WebSocketGateway.CONNECT_ROUTE,
                      connect,
                      WebSocketGateway.DISCONNECT_ROUTE,
                      disconnect,
                      HEARTBEAT,
                      heartbeat))
              .start();
      this.faults = gateway.faults();
      this.api =
          ApiGatewayManagementApiClient.builder()
              .endpointOverride(gateway.connectionsEndpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
      this.connections = new ApiGatewayConnections(api);
    }

    @Override
    public ConnectionsGateway gateway() {
      return connections;
    }

    @Override
    public Duration idleTimeout() {
      return config.idleTimeout();
    }

    @Override
    public Duration maxConnectionAge() {
      return config.maxConnectionAge();
    }

    @Override
    public String open() throws Exception {
      int before = connect.events().size();
      WsClient client = WsClient.openSilent(gateway.webSocketUrl());
      String id = connectionIdOf(connect.events().get(before));
      clients.put(id, client);
      // Jetty registers the socket in its open callback, which may run after the client has its
      // 101: wait until the gateway knows it, as API Gateway does once its client is told (a
      // loaded CI machine answered "gone" for a connection just opened).
      await().atMost(WAIT).until(() -> connections.lastActiveAt(id).isPresent());
      return id;
    }

    @Override
    public String beginHeldHandshake() {
      assertThat(held).as("one held handshake at a time").isEmpty();
      int before = connect.events().size();
      faults.holdHandshakes(HOLD);
      CompletableFuture<WsClient> opening =
          CompletableFuture.supplyAsync(() -> WsClient.openSilent(gateway.webSocketUrl()));
      await().atMost(WAIT).until(() -> connect.events().size() > before);
      String id = connectionIdOf(connect.events().get(before));
      held.put(id, opening);
      return id;
    }

    @Override
    public void completeHandshake(String connectionId) throws Exception {
      CompletableFuture<WsClient> opening = held.remove(connectionId);
      assertThat(opening).as("a held handshake for %s", connectionId).isNotNull();
      faults.holdHandshakes(Duration.ZERO);
      clients.put(connectionId, opening.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public String refusedHandshake() {
      int before = connect.events().size();
      connect.answer(403);
      try {
        assertThatThrownBy(() -> WsClient.openSilent(gateway.webSocketUrl()))
            .as("handshake refused by $connect")
            .isNotNull();
      } finally {
        connect.answer(200);
      }
      return connectionIdOf(connect.events().get(before));
    }

    @Override
    public Instant connectedAt(String connectionId) {
      return connect.events().stream()
          .map(APIGatewayV2WebSocketEvent::getRequestContext)
          .filter(context -> context.getConnectionId().equals(connectionId))
          .map(context -> Instant.ofEpochMilli(context.getConnectedAt()))
          .findFirst()
          .orElseThrow();
    }

    @Override
    public Instant clientFrame(String connectionId) {
      long before = heartbeatsOf(connectionId).count();
      client(connectionId).sendRaw("{\"action\":\"heartbeat\"}");
      await().atMost(WAIT).until(() -> heartbeatsOf(connectionId).count() > before);
      return heartbeatsOf(connectionId)
          .skip(before)
          .map(event -> Instant.ofEpochMilli(event.getRequestContext().getRequestTimeEpoch()))
          .findFirst()
          .orElseThrow();
    }

    @Override
    public void clientClose(String connectionId) {
      client(connectionId).close();
    }

    @Override
    public void dropDisconnect(String connectionId) {
      assertThat(faults.dropDisconnect(connectionId)).as("%s is open", connectionId).isTrue();
    }

    @Override
    public List<String> received(String connectionId) {
      return client(connectionId).receivedTexts();
    }

    @Override
    public boolean closedByGateway(String connectionId) {
      return client(connectionId).isClosedByPeer();
    }

    @Override
    public List<String> disconnects() {
      return disconnect.events().stream().map(EmulatorDriver::connectionIdOf).toList();
    }

    @Override
    public void advance(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis());
    }

    @Override
    public void settle() throws InterruptedException {
      Thread.sleep(SETTLE.toMillis());
    }

    @Override
    public void close() {
      faults.holdHandshakes(Duration.ZERO);
      api.close();
      gateway.stop();
    }

    private WsClient client(String connectionId) {
      return Optional.ofNullable(clients.get(connectionId)).orElseThrow();
    }

    private java.util.stream.Stream<APIGatewayV2WebSocketEvent> heartbeatsOf(String connectionId) {
      return heartbeat.events().stream()
          .filter(event -> connectionIdOf(event).equals(connectionId));
    }

    private static String connectionIdOf(APIGatewayV2WebSocketEvent event) {
      return event.getRequestContext().getConnectionId();
    }
  }

  /** A route's handler: records its events and answers the status it is told. */
  private static final class Route
      implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final List<APIGatewayV2WebSocketEvent> events = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(
        APIGatewayV2WebSocketEvent event, Context context) {
      events.add(event);
      var response = new APIGatewayV2WebSocketResponse();
      response.setStatusCode(status);
      return response;
    }

    void answer(int statusCode) {
      status = statusCode;
    }

    List<APIGatewayV2WebSocketEvent> events() {
      return events;
    }
  }
}
