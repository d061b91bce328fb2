package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.presence.StalenessBreaker;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.wire.Identity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled. Asks the gateway about every connection that has been open longer than the heartbeat
 * timeout: one it reports gone is dropped (its {@code $disconnect} never arrived); one silent past
 * the timeout is closed and dropped, unless the staleness breaker is open for its site. Then it
 * records agents whose grace period is over as offline and has the router take their chats back.
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
    Map<String, AgentState> agents = new HashMap<>();
    for (AgentState agent : services.agents().all()) {
      agents.put(Identity.userKey(agent.siteId(), agent.agentId()), agent);
    }
    int missedDisconnects = 0;
    Map<ConnectionRecord, Instant> silent = new LinkedHashMap<>();
    for (ConnectionRecord connection : services.connections().all()) {
      if (!rules.couldHaveTimedOut(connection.connectedAt(), now)) {
        continue;
      }
      var lastActiveAt = services.gateway().lastActiveAt(connection.connectionId());
      ConnectionVerdict verdict = rules.judge(lastActiveAt, now);
      if (verdict == ConnectionVerdict.GONE) {
        services.lifecycle().drop(connection.connectionId(), now, TransitionReason.VERIFIED_GONE);
        missedDisconnects++;
      } else if (verdict == ConnectionVerdict.SILENT) {
        silent.put(connection, lastActiveAt.get());
      }
    }
    Set<String> breakerOpen = services.breaker().openSites(staleCounts(agents, silent.keySet()));
    int dropped = 0;
    for (var entry : silent.entrySet()) {
      Identity owner = entry.getKey().identity();
      if (owner.isAgent() && breakerOpen.contains(owner.siteId())) {
        AgentState agent = agents.get(owner.userKey());
        services.timeline().recordBreakerHold(agent, rules.effectiveStatus(agent, now), now);
        continue;
      }
      // Dropped before it is closed, so that the $disconnect the close causes finds nothing to do
      // and the timeline keeps the true reason.
      String connectionId = entry.getKey().connectionId();
      services
          .lifecycle()
          .drop(connectionId, rules.silentSince(entry.getValue()), TransitionReason.HEARTBEAT_TIMEOUT);
      services.gateway().close(connectionId);
      dropped++;
    }
    services.metrics().emit("BreakerOpen", breakerOpen.isEmpty() ? 0 : 1, Map.of());
    if (!breakerOpen.isEmpty()) {
      LOG.warn("staleness breaker open for sites {}: silent connections kept", breakerOpen);
    }
    int offline = declareOffline(now);
    int nudged = nudgeWaitingSites(now);
    String summary =
        String.format(
            "dropped %d silent and %d gone connections, breaker open for %d sites,"
                + " %d agents offline with chats, %d sites with waiting chats nudged",
            dropped, missedDisconnects, breakerOpen.size(), offline, nudged);
    LOG.info(summary);
    return summary;
  }

  /** Live agents of each site, and those all of whose connections are silent this pass. */
  private static Map<String, StalenessBreaker.Counts> staleCounts(
      Map<String, AgentState> agents, Set<ConnectionRecord> silent) {
    Map<String, Set<String>> silentByAgent = new HashMap<>();
    for (ConnectionRecord connection : silent) {
      silentByAgent
          .computeIfAbsent(connection.identity().userKey(), k -> new HashSet<>())
          .add(connection.connectionId());
    }
    Map<String, int[]> counts = new HashMap<>();
    agents.forEach(
        (key, agent) -> {
          if (agent.hasConnection()) {
            int[] c = counts.computeIfAbsent(agent.siteId(), s -> new int[2]);
            c[0]++;
            if (silentByAgent.getOrDefault(key, Set.of()).containsAll(agent.connections())) {
              c[1]++;
            }
          }
        });
    Map<String, StalenessBreaker.Counts> result = new HashMap<>();
    counts.forEach((site, c) -> result.put(site, new StalenessBreaker.Counts(c[0], c[1])));
    return result;
  }

  /**
   * Asks the router to look again at sites whose chats have waited long, once per period: routing
   * events are hints, and a lost one must not leave a chat waiting while an agent is free.
   */
  private int nudgeWaitingSites(Instant now) {
    long period = services.queueCheckAfter().toMillis();
    Set<String> sites = services.chats().sitesWaitingSince(now.minus(services.queueCheckAfter()));
    for (String site : sites) {
      services.routingEvents().publish(new RoutingEvent.QueueCheck(site, now.toEpochMilli() / period * period));
    }
    return sites.size();
  }

  /** Records each agent past its grace as offline, and hands the chats of those who held some back. */
  private int declareOffline(Instant now) {
    int declared = 0;
    for (AgentState agent : services.agents().withoutConnection()) {
      services.timeline().recordOfflineIfDue(agent, now);
      if (services.rules().offlineDeclarationDue(agent, now)) {
        services
            .routingEvents()
            .publish(
                new RoutingEvent.AgentOffline(
                    agent.siteId(), agent.agentId(), agent.lastDisconnectAt().orElseThrow().toEpochMilli()));
        declared++;
      }
    }
    return declared;
  }
}
