package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.auth.TokenVerifier;
import chat.presence.functions.auth.TokenVerifier.Verification;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.presence.VisitorPresence;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.Role;
import chat.presence.model.wire.ServerMessages;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $connect}: authenticates the token and registers the connection. A refused handshake
 * writes nothing; the gateway answers the client with the status returned here. The connection's
 * record is written before the agent's item, so an agent never lists a connection without a record
 * (a crash in between leaves a record of a connection that never opened, which the reaper drops).
 * A visitor's connection records the visitor back on its open chats, and the agent of a chat who
 * was told that the visitor left learns that it is back.
 */
public final class ConnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

  private final Supplier<TokenVerifier> tokens;
  private final ConnectionStore connections;
  private final StatusTimeline timeline;
  private final VisitorPresence visitors;
  private final Notifier notifier;
  private final RoutingHints hints;
  private final Clock clock;

  public ConnectHandler() {
    this(
        Services.shared()::tokens,
        Services.shared().connections(),
        Services.shared().timeline(),
        Services.shared().visitors(),
        Services.shared().notifier(),
        Services.shared().hints(),
        Services.shared().clock());
  }

  public ConnectHandler(
      Supplier<TokenVerifier> tokens,
      ConnectionStore connections,
      StatusTimeline timeline,
      VisitorPresence visitors,
      Notifier notifier,
      RoutingHints hints,
      Clock clock) {
    this.tokens = tokens;
    this.connections = connections;
    this.timeline = timeline;
    this.visitors = visitors;
    this.notifier = notifier;
    this.hints = hints;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(
      APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = event.getRequestContext().getConnectionId();
    Map<String, String> query =
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    try {
      Verification verification = tokens.get().verify(Optional.ofNullable(query.get("token")));
      if (verification.identity().isEmpty()) {
        LOG.info("handshake {} refused: {}", connectionId, verification.reason());
        return Responses.status(verification.refusalStatus(), verification.reason());
      }
      Identity identity = verification.identity().get();
      Optional<ChosenStatus> requested = Optional.empty();
      String status = query.get("status");
      if (identity.isAgent() && status != null) {
        requested = ChosenStatus.fromWire(status);
        if (requested.isEmpty()) {
          return Responses.status(400, "status must be 'available' or 'away'");
        }
      }
      var now = clock.instant();
      connections.put(connectionId, identity, now);
      if (identity.isAgent()) {
        AgentState written = timeline.connect(identity, connectionId, requested, now);
        if (written.chosenStatus() == ChosenStatus.AVAILABLE) {
          hints.send(
              new RoutingEvent.AgentEligible(
                  identity.siteId(), identity.userId(), Long.toString(written.version())));
        }
      } else if (identity.role() == Role.VISITOR) {
        // Dated now that the record exists, not by the handshake's start: a departure recorded
        // meanwhile (perhaps of another tab, while this handshake was slow) is then older.
        Instant registered = clock.instant();
        for (Chat noticed : visitors.back(identity.siteId(), identity.userId(), registered)) {
          notifier.toAgent(
              identity.siteId(),
              noticed.agentId().orElseThrow(),
              ServerMessages.chatVisitorReturned(noticed.chatId()));
        }
      }
      return Responses.ok();
    } catch (RuntimeException failure) {
      LOG.error("handshake {} failed", connectionId, failure);
      return Responses.status(500, "internal error");
    }
  }
}
