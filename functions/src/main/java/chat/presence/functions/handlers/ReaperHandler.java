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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * site. Agents whose grace period is over are recorded offline first (and those left without
 * connection by this pass at its end), and the router is hinted to take their chats back; sites whose
 * chats wait are nudged. A failure with one connection or agent is logged and counted and the pass
 * goes on; connections not reached within {@link #PASS_BUDGET} are left for the next pass.
 */
public final class ReaperHandler implements RequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(ReaperHandler.class);
  /**
   * Three quarters of the function's 60 s timeout: connections not asked about by then wait for the
   * next pass, so that a pass over many connections ends with its summary instead of being cut.
   */
  static final Duration PASS_BUDGET = Duration.ofSeconds(45);

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
    Instant budgetEnds = now.plus(PASS_BUDGET);
    // First, so that no failure or slowness below can hold back an agent whose grace is over.
    int offline = declareOffline(now);
    Map<String, AgentState> byUser = new HashMap<>();
    for (AgentState agent : agents.all()) {
      byUser.put(Identity.userKey(agent.siteId(), agent.agentId()), agent);
    }
    Set<String> recorded = new HashSet<>();
    int missedDisconnects = 0;
    int failed = 0;
    int deferred = 0;
    int asked = 0;
    Map<ConnectionRecord, Instant> silent = new LinkedHashMap<>();
    List<ConnectionRecord> all = new ArrayList<>(connections.all());
    all.forEach(connection -> recorded.add(connection.connectionId()));
    // In another order each pass (derived from the pass's time, so that a replayed pass repeats
    // it): connections left when the budget runs out are as likely as any to come first next time.
    all.sort(Comparator.comparingInt(connection -> (connection.connectionId() + now.toEpochMilli()).hashCode()));
    List<AgentState> leftWithoutConnection = new ArrayList<>();
    for (ConnectionRecord connection : all) {
      if (!rules.couldHaveTimedOut(connection.connectedAt(), now)) {
        continue;
      }
      if (clock.instant().isAfter(budgetEnds)) {
        deferred++;
        continue;
      }
      try {
        asked++;
        Optional<Instant> lastActiveAt = gateway.lastActiveAt(connection.connectionId());
        ConnectionVerdict verdict = rules.judge(lastActiveAt, connection.connectedAt(), now);
        if (verdict == ConnectionVerdict.GONE) {
          // Gone by the time the gateway answered, which may be long after the pass began: dated
          // by the answer, so that the grace period never starts before the connection really went.
          lifecycle.drop(connection, clock.instant(), TransitionReason.VERIFIED_GONE).ifPresent(leftWithoutConnection::add);
          missedDisconnects++;
        } else if (verdict == ConnectionVerdict.SILENT) {
          silent.put(connection, lastActiveAt.orElseThrow());
        }
      } catch (RuntimeException e) {
        // One connection's failure must not cost the others their check: the next pass retries it.
        LOG.warn("reaper could not check connection {}", connection.connectionId(), e);
        failed++;
      }
    }
    ListedWithoutRecord listedWithoutRecord = dropListedWithoutRecord(byUser, recorded);
    missedDisconnects += listedWithoutRecord.dropped();
    failed += listedWithoutRecord.failed();
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
      try {
        // Asked again just before the drop, which is dated back to the silence: a frame since the
        // verdict (the pass may have taken long) means the connection spoke, and it is kept.
        Optional<Instant> latest = gateway.lastActiveAt(connectionId);
        if (latest.isPresent() && latest.get().isAfter(entry.getValue())) {
          continue;
        }
        lifecycle.drop(entry.getKey(), silentSince, TransitionReason.HEARTBEAT_TIMEOUT).ifPresent(leftWithoutConnection::add);
        gateway.close(connectionId);
        dropped++;
      } catch (RuntimeException e) {
        LOG.warn("reaper could not drop silent connection {}", connectionId, e);
        failed++;
      }
    }
    metrics.emit("BreakerOpen", breakerOpen.isEmpty() ? 0 : 1, Map.of());
    if (!breakerOpen.isEmpty()) {
      LOG.warn("staleness breaker open for sites {}: silent connections kept", breakerOpen);
    }
    // A drop dated in the past may already be past its grace: declared now, not a pass later.
    Instant end = clock.instant();
    for (AgentState agent : leftWithoutConnection) {
      try {
        if (!agent.hasConnection() && declareIfDue(agent, end)) {
          offline++;
        }
      } catch (RuntimeException e) {
        // The next pass declares the agent (it has no connection): the others are declared now.
        LOG.warn("reaper could not declare {}/{} offline", agent.siteId(), agent.agentId(), e);
        failed++;
      }
    }
    int nudged = nudgeWaitingSites(now);
    metrics.emit("ReaperFailedChecks", failed, Map.of());
    metrics.emit("ReaperDeferredChecks", deferred, Map.of());
    String summary =
        String.format(
            "asked the gateway about %d of %d connections, dropped %d silent and %d gone,"
                + " breaker open for %d sites, %d agents offline with chats, %d sites with waiting chats"
                + " nudged, %d checks failed, %d left for the next pass",
            asked,
            all.size(),
            dropped,
            missedDisconnects,
            breakerOpen.size(),
            offline,
            nudged,
            failed,
            deferred);
    LOG.info(summary);
    return summary;
  }

  /**
   * Connections an agent lists that have no record: the record is written before the agent and
   * deleted after it, so such a listing is old, and dropped once the gateway confirms it gone.
   */
  private ListedWithoutRecord dropListedWithoutRecord(Map<String, AgentState> byUser, Set<String> recorded) {
    int dropped = 0;
    int failed = 0;
    for (AgentState agent : byUser.values()) {
      for (String connectionId : agent.connections()) {
        if (recorded.contains(connectionId)) {
          continue;
        }
        try {
          if (gateway.lastActiveAt(connectionId).isEmpty()
              && lifecycle.goneAnswered(agent.siteId(), agent.agentId(), connectionId, clock.instant())) {
            dropped++;
          }
        } catch (RuntimeException e) {
          // As with a recorded connection: the next pass asks again, the others are asked now.
          LOG.warn("reaper could not check listed connection {}", connectionId, e);
          failed++;
        }
      }
    }
    return new ListedWithoutRecord(dropped, failed);
  }

  private record ListedWithoutRecord(int dropped, int failed) {}

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
      try {
        if (declareIfDue(agent, now)) {
          declared++;
        }
      } catch (RuntimeException e) {
        LOG.warn("reaper could not declare {}/{} offline", agent.siteId(), agent.agentId(), e);
      }
    }
    return declared;
  }

  /** Whether the agent, without connection, was past its grace and its chats are to be taken back. */
  private boolean declareIfDue(AgentState agent, Instant now) {
    timeline.recordOfflineIfDue(agent, now);
    if (!rules.offlineDeclarationDue(agent, now)) {
      return false;
    }
    hints.send(
        new RoutingEvent.AgentOffline(
            agent.siteId(), agent.agentId(), agent.lastDisconnectAt().map(Instant::toEpochMilli).orElse(0L)));
    return true;
  }
}
