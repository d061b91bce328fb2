package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.routing.RoutingEvent;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled: drops connections the gateway proves dead (gone, or silent past the heartbeat
 * timeout), and asks the router to take back the chats of agents offline past the grace period.
 * A connection is never dropped on our own timers alone.
 */
public final class ReaperHandler implements RequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(ReaperHandler.class);

  private final Services services;

  public ReaperHandler() {
    this(Services.shared());
  }

  public ReaperHandler(Services services) {
    this.services = services;
  }

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    Instant now = services.clock().instant();
    PresenceRules rules = services.rules();
    int dropped = 0;
    for (ConnectionRecord connection : services.connections().all()) {
      if (!rules.couldHaveTimedOut(connection.connectedAt(), now)) {
        continue;
      }
      Optional<Instant> lastActiveAt = services.gateway().lastActiveAt(connection.connectionId());
      ConnectionVerdict verdict = rules.judge(lastActiveAt, now);
      if (verdict == ConnectionVerdict.GONE) {
        services.lifecycle().drop(connection.connectionId(), now);
        dropped++;
      } else if (verdict == ConnectionVerdict.SILENT) {
        services.gateway().close(connection.connectionId());
        services.lifecycle().drop(connection.connectionId(), rules.silentSince(lastActiveAt.get()));
        dropped++;
      }
    }
    int offline = 0;
    for (AgentState agent : services.agents().disconnectedHoldingChats()) {
      if (rules.offlineDeclarationDue(agent, now)) {
        services
            .routingEvents()
            .publish(
                new RoutingEvent.AgentOffline(
                    agent.siteId(), agent.agentId(), agent.lastDisconnectAt().orElseThrow().toEpochMilli()));
        offline++;
      }
    }
    String summary = "dropped " + dropped + " dead connections, " + offline + " agents offline";
    LOG.info(summary);
    return summary;
  }
}
