package chat.presence.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.javalin.Javalin;
import io.javalin.util.JavalinLogger;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API Gateway WebSocket API on one port: clients connect over WebSocket, each route's Lambda
 * handler is invoked in process, and backends reach clients through the {@code @connections}
 * management API, which the AWS SDK's client talks to unchanged.
 */
public final class WebSocketGateway implements AutoCloseable {
  public static final String CONNECT_ROUTE = Integration.CONNECT;
  public static final String DISCONNECT_ROUTE = Integration.DISCONNECT;
  public static final String DEFAULT_ROUTE = Integration.DEFAULT;

  private static final Logger log = LoggerFactory.getLogger(WebSocketGateway.class);

  /** How long stop() waits for the handlers, $disconnect included, of the connections it closes. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final GatewayConfig config;
  private final Connections connections;
  private final ConnectionReaper reaper;
  private final HandshakeHold handshakeHold = new HandshakeHold();
  private final ExecutorService invocations = Executors.newCachedThreadPool(invocationThreads());
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Javalin app;

  /**
   * @param routes handlers by route key: {@code $connect}, {@code $disconnect}, {@code $default},
   *     and the actions selected by a frame's {@code action} field
   */
  public WebSocketGateway(
      GatewayConfig config,
      Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
          routes) {
    this(config, routes, Set.of());
  }

  /**
   * @param mockRoutes one-way routes with a mock integration: a frame selected for one counts as
   *     the client's activity ({@code lastActiveAt}), invokes no handler and is not answered
   */
  public WebSocketGateway(
      GatewayConfig config,
      Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
          routes,
      Set<String> mockRoutes) {
    this.config = config;
    var integration = new Integration(routes, mockRoutes);
    var events = new WebSocketEvents(config.stage(), config.host());
    this.connections = new Connections(integration, events);
    this.reaper =
        new ConnectionReaper(connections, config.idleTimeout(), config.maxConnectionAge());
    var endpoint =
        new WebSocketEndpoint(
            integration, events, connections, invocations, () -> !stopping.get(), handshakeHold);
    // No startup lines, among them the nag about Javalin's age: the runtime prints its own banner.
    JavalinLogger.startupInfo = false;
    this.app =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              javalin.jetty.modifyWebSocketServletFactory(
                  factory -> {
                    factory.setMaxFrameSize(config.maxFrameBytes());
                    factory.setMaxTextMessageSize(config.maxFrameBytes());
                    factory.setMaxBinaryMessageSize(config.maxFrameBytes());
                    // Jetty's timer also counts outgoing frames, so it only backs up the
                    // reaper, e.g. when a client never answers the close handshake.
                    factory.setIdleTimeout(config.idleTimeout().multipliedBy(2));
                  });
            });
    app.wsBeforeUpgrade(endpoint::beforeUpgrade);
    app.ws("/*", endpoint::configure);
    new ConnectionsApi(connections, config.maxFrameBytes()).addRoutes(app, config.stage());
  }

  public WebSocketGateway start() {
    app.start(config.host(), config.port());
    reaper.start();
    log.info("WebSocket gateway listening on {}", webSocketUrl());
    return this;
  }

  /**
   * Closes every connection, invoking $disconnect for each as API Gateway would, waits (bounded)
   * for the handlers still running, then stops listening.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    reaper.stop();
    // Held handshakes are released, and refused since the gateway is stopping.
    handshakeHold.set(Duration.ZERO);
    connections
        .snapshot()
        .forEach(connection -> connections.close(connection, DisconnectCause.GOING_AWAY));
    invocations.shutdown();
    try {
      if (!invocations.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Handlers still running after {}; stopping anyway", STOP_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      app.stop();
      invocations.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Connections open now: handshake done and not yet closed. */
  public int openConnections() {
    return connections.snapshot().size();
  }

  public int port() {
    return app.port();
  }

  /** The endpoint to give {@code ApiGatewayManagementApiClient.builder().endpointOverride(...)}. */
  public URI connectionsEndpoint() {
    return URI.create("http://" + config.host() + ":" + port());
  }

  public URI webSocketUrl() {
    return URI.create("ws://" + config.host() + ":" + port() + "/");
  }

  /** The underlying server, for plain HTTP routes such as a health check. */
  public Javalin app() {
    return app;
  }

  public GatewayFaults faults() {
    return new GatewayFaults(connections, handshakeHold);
  }

  private static ThreadFactory invocationThreads() {
    var count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "gateway-invocation-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
