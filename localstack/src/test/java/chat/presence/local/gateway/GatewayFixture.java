package chat.presence.local.gateway;

import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import chat.presence.local.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A started gateway with recording handlers on $connect, $disconnect, $default and "heartbeat",
 * and "ping" as a mock route.
 */
final class GatewayFixture implements AutoCloseable {
  private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(5);

  final RecordingHandler connect = new RecordingHandler();
  final RecordingHandler disconnect = new RecordingHandler();
  final RecordingHandler defaultRoute = new RecordingHandler();
  final RecordingHandler heartbeat = new RecordingHandler();
  final WebSocketGateway gateway;
  private final List<ApiGatewayManagementApiClient> apiClients = new ArrayList<>();
  private final Map<WsClient, String> connectionIds = new ConcurrentHashMap<>();
  private final ApiGatewayManagementApiClient registrationApi;

  GatewayFixture() {
    this(GatewayConfig.onPort(0));
  }

  GatewayFixture(GatewayConfig config) {
    Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> routes =
        Map.of(
            WebSocketGateway.CONNECT_ROUTE,
            connect,
            WebSocketGateway.DISCONNECT_ROUTE,
            disconnect,
            WebSocketGateway.DEFAULT_ROUTE,
            defaultRoute,
            "heartbeat",
            heartbeat);
    gateway = new WebSocketGateway(config, routes, Set.of("ping")).start();
    registrationApi = managementApi();
  }

  /**
   * Opens a client that sends only what the test sends; its connection id is the one $connect saw,
   * since $connect runs before the upgrade.
   */
  WsClient connect() {
    return connect("");
  }

  WsClient connect(String query) {
    WsClient client = WsClient.openSilent(URI.create(gateway.webSocketUrl() + query));
    String connectionId = connect.lastEvent().getRequestContext().getConnectionId();
    connectionIds.put(client, connectionId);
    // Jetty registers the socket in its open callback, which may run after the client has its 101
    // (a stop() right after two connects once closed only the first, on a loaded CI machine): wait
    // until the gateway knows it, or has already let it go.
    await()
        .atMost(REGISTRATION_WAIT)
        .until(() -> registered(connectionId) || client.isClosed() || disconnected(connectionId));
    return client;
  }

  private boolean registered(String connectionId) {
    try {
      registrationApi.getConnection(r -> r.connectionId(connectionId));
      return true;
    } catch (GoneException notYet) {
      return false;
    }
  }

  private boolean disconnected(String connectionId) {
    return disconnect.events().stream()
        .anyMatch(event -> event.getRequestContext().getConnectionId().equals(connectionId));
  }

  /** The connection id of a client {@link #connect} opened. */
  String connectionIdOf(WsClient client) {
    return connectionIds.get(client);
  }

  ApiGatewayManagementApiClient managementApi() {
    return managementApi(gateway.connectionsEndpoint());
  }

  ApiGatewayManagementApiClient managementApi(URI endpoint) {
    var client =
        ApiGatewayManagementApiClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    apiClients.add(client);
    return client;
  }

  @Override
  public void close() {
    apiClients.forEach(ApiGatewayManagementApiClient::close);
    gateway.stop();
  }
}
