package chat.presence.functions.presence;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.wire.ServerMessages;
import chat.presence.model.wire.ServerMessages.AgentPresence;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code presence.changed} to every connection subscribed to the agent's site: one query of
 * the sparse subscribers index, then one post per subscriber. A failure is logged and goes no
 * further: the write it follows was made, and a subscriber that misses a view learns the next one
 * (or asks {@code getPresence}). A connection the gateway answers gone for is left to its {@code
 * $disconnect} or the reaper, which end its subscription with its record.
 */
public final class PresenceFanOut implements PresenceFeed {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceFanOut.class);

  private final ConnectionStore connections;
  private final ConnectionsGateway gateway;
  private final PresenceRules rules;
  private final Clock clock;

  public PresenceFanOut(
      ConnectionStore connections, ConnectionsGateway gateway, PresenceRules rules, Clock clock) {
    this.connections = connections;
    this.gateway = gateway;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public void changed(AgentState agent) {
    String frame =
        ServerMessages.presenceChanged(
            AgentPresence.of(agent, rules.effectiveStatus(agent, clock.instant())));
    Iterable<String> subscribers;
    try {
      subscribers = connections.presenceSubscribers(agent.siteId());
    } catch (RuntimeException failure) {
      LOG.warn(
          "presence of {}/{} at version {} not sent: subscribers unreadable",
          agent.siteId(), agent.agentId(), agent.presenceVersion(), failure);
      return;
    }
    for (String connectionId : subscribers) {
      try {
        if (!gateway.send(connectionId, frame)) {
          LOG.debug("presence subscriber {} is gone", connectionId);
        }
      } catch (RuntimeException failure) {
        LOG.warn(
            "presence of {}/{} at version {} not sent to {}",
            agent.siteId(), agent.agentId(), agent.presenceVersion(), connectionId, failure);
      }
    }
  }
}
