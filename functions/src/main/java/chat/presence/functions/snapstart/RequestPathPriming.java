package chat.presence.functions.snapstart;

import chat.presence.functions.Services;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.handlers.Handlers;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.settings.Setting;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialized function, every handler runs
 * once on its real request path (frame parsing, token verification, the stores, the SDK clients'
 * marshalling, signing and response parsing, the replies), so that the snapshot holds those classes
 * loaded and their hot code compiled, and a restored function does not pay for them on its first
 * event.
 *
 * <p>Nothing leaves the process: the handlers run on a {@link Services} of their own whose clients
 * answer from memory ({@link CannedHttpClient}), from a connection id and a visitor that exist
 * nowhere. The function's shared clients are never used, so the snapshot holds no open connection and
 * no credentials: they connect, and fetch credentials, on the first event after a restore.
 */
public final class RequestPathPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(RequestPathPriming.class);
  private static final String NOWHERE = "http://priming.invalid";
  private static final String SITE = "priming";
  /** No handler reads its Lambda context. */
  private static final Context NO_CONTEXT = null;

  private final Map<String, String> environment;
  private final CannedHttpClient http = new CannedHttpClient();

  /** @param environment the function's variables: table and queue names, tunables */
  public RequestPathPriming(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Registers priming with the CRaC global context, whose resources Lambda's runtime runs around
   * the snapshot. The context holds them weakly: the returned instance must stay referenced.
   */
  public static RequestPathPriming register(Map<String, String> environment) {
    return register(Core.getGlobalContext(), environment);
  }

  static RequestPathPriming register(org.crac.Context<Resource> context, Map<String, String> environment) {
    var priming = new RequestPathPriming(environment);
    context.register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    long started = System.nanoTime();
    prime();
    LOG.info(
        "primed the request path in {} ms, {} requests answered in memory",
        (System.nanoTime() - started) / 1_000_000,
        http.requests());
  }

  /**
   * Nothing to reopen: priming used only its own in-memory clients, so the shared clients made no
   * connection before the snapshot and resolve their credentials on first use.
   */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}

  /** Runs every handler once; what a handler answers does not matter, only the path it takes. */
  void prime() {
    String secret = randomSecret();
    Map<String, String> env = offline(secret);
    Services services = Services.fromEnvironment(new AwsClients(env, http), env);
    var routes = Handlers.routes(services);
    run("$connect", () -> routes.get("$connect").handleRequest(connect(token(secret)), NO_CONTEXT));
    routes.forEach(
        (route, handler) -> {
          if (!route.equals("$connect")) {
            var frame = webSocketEvent(route, "{\"action\":\"" + route + "\",\"requestId\":\"priming\"}");
            run(route, () -> handler.handleRequest(frame, NO_CONTEXT));
          }
        });
    // No pause between retries: nothing here succeeds later than now.
    run("router", () -> Handlers.router(services, RetryPolicy.DEFAULT, pause -> {}).handleRequest(routingEvent(), NO_CONTEXT));
  }

  /** A priming step that fails costs its share of the gain, never the snapshot. */
  private static void run(String step, Runnable handle) {
    try {
      handle.run();
    } catch (RuntimeException e) {
      LOG.warn("priming {} failed; a restored function loads what it missed on its first event", step, e);
    }
  }

  /** The hosts of the requests priming's clients made, all answered in memory. */
  Set<String> hostsAsked() {
    return http.hosts();
  }

  int requests() {
    return http.requests();
  }

  /** The function's variables, with every AWS endpoint pointed nowhere and a key of priming's own. */
  private Map<String, String> offline(String secret) {
    Map<String, String> env = new HashMap<>(environment);
    env.put(Setting.DYNAMODB_ENDPOINT.envName(), NOWHERE);
    env.put(Setting.SQS_ENDPOINT.envName(), NOWHERE);
    env.put(Setting.CONNECTIONS_ENDPOINT.envName(), NOWHERE);
    env.remove(Setting.JWKS_URL.envName());
    env.remove(Setting.JWT_SECRET_ARN.envName());
    env.put(Setting.JWT_SECRET.envName(), secret);
    return env;
  }

  private static String randomSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** A visitor's token: a visitor's connect writes no agent state, so it finishes on empty answers. */
  private static String token(String secret) {
    var claims =
        new JWTClaimsSet.Builder()
            .subject("priming-visitor")
            .claim("site", SITE)
            .claim("role", "visitor")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000))
            .build();
    var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the priming token", e);
    }
    return jwt.serialize();
  }

  private static APIGatewayV2WebSocketEvent connect(String token) {
    var event = webSocketEvent("$connect", null);
    event.setQueryStringParameters(Map.of("token", token));
    return event;
  }

  private static APIGatewayV2WebSocketEvent webSocketEvent(String route, String body) {
    var request = new APIGatewayV2WebSocketEvent.RequestContext();
    long now = System.currentTimeMillis();
    request.setRouteKey(route);
    request.setConnectionId("priming-connection");
    request.setConnectedAt(now);
    request.setRequestTimeEpoch(now);
    request.setRequestId("priming");
    request.setStage("priming");
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(request);
    event.setBody(body);
    return event;
  }

  private static SQSEvent routingEvent() {
    var message = new SQSEvent.SQSMessage();
    message.setMessageId("priming");
    message.setBody(RoutingEventCodec.encode(new RoutingEvent.ChatRequested(SITE, "priming-chat")));
    message.setAttributes(Map.of("MessageGroupId", SITE, "ApproximateReceiveCount", "1"));
    message.setEventSource("aws:sqs");
    var event = new SQSEvent();
    event.setRecords(List.of(message));
    return event;
  }
}
