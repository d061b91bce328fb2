package chat.presence.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import chat.presence.local.testing.WsClient;
import java.net.URI;
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

/**
 * A started gateway with recording handlers on $connect, $disconnect, $default and "heartbeat",
 * and "ping" as a mock route.
 */
final class GatewayFixture implements AutoCloseable {
  final RecordingHandler connect = new RecordingHandler();
  final RecordingHandler disconnect = new RecordingHandler();
  final RecordingHandler defaultRoute = new RecordingHandler();
  final RecordingHandler heartbeat = new RecordingHandler();
  final WebSocketGateway gateway;
  private final List<ApiGatewayManagementApiClient> apiClients = new ArrayList<>();
  private final Map<WsClient, String> connectionIds = new ConcurrentHashMap<>();

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
    connectionIds.put(client, connect.lastEvent().getRequestContext().getConnectionId());
    return client;
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
