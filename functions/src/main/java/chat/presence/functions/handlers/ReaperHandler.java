package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.aws.Metrics;
import chat.presence.functions.presence.ConnectionLifecycle;
import chat.presence.functions.presence.ReaperSettings;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
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
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled. Asks the gateway about every connection that has been open longer than the heartbeat
 * timeout, and about every connection an agent lists without a record: one it reports gone is
 * dropped (its {@code $disconnect} never arrived, or was only half handled); one silent past the
 * timeout at two passes in a row is closed and dropped, unless the staleness breaker is open for its
 * site. Then it records agents whose grace period is over as offline, hints the router to take their
 * chats back, and nudges sites whose chats wait.
 */
public final class ReaperHandler implements RequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(ReaperHandler.class);

  private final AgentStore agents;
  private final ConnectionStore connections;
  private final ChatStore chats;
  private final ConnectionsGateway gateway;
  private final ConnectionLifecycle lifecycle;
  private final StatusTimeline timeline;
  private final StalenessBreaker breaker;
  private final RoutingHints hints;
  private final Metrics metrics;
  private final PresenceRules rules;
  private final ReaperSettings settings;
  private final Clock clock;

  public ReaperHandler() {
    this(Services.shared());
  }

  ReaperHandler(Services services) {
    this(
        services.agents(),
        services.connections(),
        services.chats(),
        services.gateway(),
        services.lifecycle(),
        services.timeline(),
        services.breaker(),
        services.hints(),
        services.metrics(),
        services.rules(),
        services.reaperSettings(),
        services.clock());
  }

  public ReaperHandler(
      AgentStore agents,
      ConnectionStore connections,
      ChatStore chats,
      ConnectionsGateway gateway,
      ConnectionLifecycle lifecycle,
      StatusTimeline timeline,
      StalenessBreaker breaker,
      RoutingHints hints,
      Metrics metrics,
      PresenceRules rules,
      ReaperSettings settings,
      Clock clock) {
    this.agents = agents;
    this.connections = connections;
    this.chats = chats;
    this.gateway = gateway;
    this.lifecycle = lifecycle;
    this.timeline = timeline;
    this.breaker = breaker;
    this.hints = hints;
    this.metrics = metrics;
    this.rules = rules;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    Instant now = clock.instant();
    Map<String, AgentState> byUser = new HashMap<>();
    for (AgentState agent : agents.all()) {
      byUser.put(Identity.userKey(agent.siteId(), agent.agentId()), agent);
    }
    Set<String> recorded = new HashSet<>();
    int missedDisconnects = 0;
    Map<ConnectionRecord, Instant> silent = new LinkedHashMap<>();
    for (ConnectionRecord connection : connections.all()) {
      recorded.add(connection.connectionId());
      if (!rules.couldHaveTimedOut(connection.connectedAt(), now)) {
        continue;
      }
      Optional<Instant> lastActiveAt = gateway.lastActiveAt(connection.connectionId());
      ConnectionVerdict verdict = rules.judge(lastActiveAt, connection.connectedAt(), now);
      if (verdict == ConnectionVerdict.GONE) {
        // Gone by the time the gateway answered, which may be long after the pass began: dated by
        // the answer, so that the grace period never starts before the connection really went.
        lifecycle.drop(connection, clock.instant(), TransitionReason.VERIFIED_GONE);
        missedDisconnects++;
      } else if (verdict == ConnectionVerdict.SILENT) {
        silent.put(connection, lastActiveAt.orElseThrow());
      }
    }
    missedDisconnects += dropListedWithoutRecord(byUser, recorded);
    Set<String> breakerOpen = breaker.openSites(staleCounts(byUser, silent.keySet(), now));
    int dropped = 0;
    for (var entry : silent.entrySet()) {
      Identity owner = entry.getKey().identity();
      if (owner.isAgent() && breakerOpen.contains(owner.siteId())) {
        AgentState agent = byUser.get(owner.userKey());
        if (agent != null) {
          timeline.recordBreakerHold(agent, rules.effectiveStatus(agent, now), now);
        }
        continue;
      }
      Instant silentSince = rules.silentSince(entry.getValue());
      if (silentSince.plus(settings.interval()).isAfter(now)) {
        // Silent since the last pass at most: the next pass confirms it, with the breaker's count.
        continue;
      }
      // Dropped before it is closed, so that the $disconnect the close causes finds nothing to do
      // and the timeline keeps the true reason.
      String connectionId = entry.getKey().connectionId();
      lifecycle.drop(entry.getKey(), silentSince, TransitionReason.HEARTBEAT_TIMEOUT);
      gateway.close(connectionId);
      dropped++;
    }
    metrics.emit("BreakerOpen", breakerOpen.isEmpty() ? 0 : 1, Map.of());
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

  /**
   * Connections an agent lists that have no record: the record is written before the agent and
   * deleted after it, so such a listing is old, and dropped once the gateway confirms it gone.
   */
  private int dropListedWithoutRecord(Map<String, AgentState> byUser, Set<String> recorded) {
    int dropped = 0;
    for (AgentState agent : byUser.values()) {
      for (String connectionId : agent.connections()) {
        if (!recorded.contains(connectionId)
            && gateway.lastActiveAt(connectionId).isEmpty()
            && lifecycle.goneAnswered(agent.siteId(), agent.agentId(), connectionId, clock.instant())) {
          dropped++;
        }
      }
    }
    return dropped;
  }

  /**
   * For each site: agents with a connection, those all of whose connections are silent this pass,
   * and those dropped for silence within the breaker's window.
   */
  private Map<String, StalenessBreaker.Counts> staleCounts(
      Map<String, AgentState> byUser, Set<ConnectionRecord> silent, Instant now) {
    Map<String, Set<String>> silentByAgent = new HashMap<>();
    for (ConnectionRecord connection : silent) {
      silentByAgent
          .computeIfAbsent(connection.identity().userKey(), k -> new HashSet<>())
          .add(connection.connectionId());
    }
    Map<String, int[]> counts = new HashMap<>();
    byUser.forEach(
        (key, agent) -> {
          int[] c = counts.computeIfAbsent(agent.siteId(), s -> new int[3]);
          if (agent.hasConnection()) {
            c[0]++;
            if (silentByAgent.getOrDefault(key, Set.of()).containsAll(agent.connections())) {
              c[1]++;
            }
          } else if (breaker.droppedRecently(agent, now)) {
            c[2]++;
          }
        });
    Map<String, StalenessBreaker.Counts> result = new HashMap<>();
    counts.forEach((site, c) -> result.put(site, new StalenessBreaker.Counts(c[0], c[1], c[2])));
    return result;
  }

  /**
   * Asks the router to look again at sites whose chats have waited long, once per period: routing
   * events are hints, and a lost one must not leave a chat waiting while an agent is free.
   */
  private int nudgeWaitingSites(Instant now) {
    long period = settings.queueCheckAfter().toMillis();
    Set<String> sites = chats.sitesWaitingSince(now.minus(settings.queueCheckAfter()), now);
    for (String site : sites) {
      hints.send(new RoutingEvent.QueueCheck(site, now.toEpochMilli() / period * period));
    }
    return sites.size();
  }

  /** Records each agent past its grace as offline, and hints the router to take back their chats. */
  private int declareOffline(Instant now) {
    int declared = 0;
    for (AgentState agent : agents.withoutConnection()) {
      timeline.recordOfflineIfDue(agent, now);
      if (rules.offlineDeclarationDue(agent, now)) {
        hints.send(
            new RoutingEvent.AgentOffline(
                agent.siteId(), agent.agentId(), agent.lastDisconnectAt().map(Instant::toEpochMilli).orElse(0L)));
        declared++;
      }
    }
    return declared;
  }
}
