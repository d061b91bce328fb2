package chat.presence.bench;

import chat.presence.local.LocalSettings;
import chat.presence.bench.init.InitJvm;
import chat.presence.bench.report.UsageModel;
import chat.presence.bench.sim.OfferAnswers;
import chat.presence.bench.sim.PhaseSpec;
import chat.presence.bench.sim.RouterAlone;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.settings.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a benchmark run does. Timings are the run's own: production's heartbeat interval divided by
 * {@link #timeScale()}, and the runtime's heartbeat timeout, grace and reaper interval are scaled the
 * same way, so that a minute of run covers several of production.
 *
 * @param peakDuration the single-site peak phase's length; zero skips it
 * @param routerAloneChats chats pre-filled into one site's queue for the router to drain alone; zero
 *     skips that phase and the emulator's write ceiling
 * @param initRuns fresh JVMs per handler for the init timings; zero skips them
 * @param initJvm the JVM and flags of those fresh JVMs
 * @param offerTimeout zero: chats are assigned directly. Above zero: the runtime offers them with
 *     this accept timeout, in run time like the agents' think time (not scaled)
 * @param neverAcceptShare the share of agents that never answer an offer
 * @param declineShare the share of offers that the answering agents decline
 */
public record BenchConfig(
    int agents,
    int sites,
    Duration duration,
    double chatRate,
    Duration heartbeatInterval,
    double statusChangesPerMinute,
    Duration chatHold,
    int maxChats,
    int maxConnections,
    int visitorsPerSite,
    Duration warmup,
    Duration peakDuration,
    double peakRate,
    int peakAgents,
    int peakMaxChats,
    int floorSamples,
    int routerAloneChats,
    int initRuns,
    InitJvm initJvm,
    Duration offerTimeout,
    double neverAcceptShare,
    double declineShare,
    Path lambdaJar,
    Path resultsDir) {

  /** The share of status changes that choose available, so that most agents can take chats. */
  static final double AVAILABLE_SHARE = 0.75;
  static final double VISITOR_ENDS_SHARE = 0.5;
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final int PEAK_VISITORS = 50;
  private static final int PEAK_MAX_WAITING = 100;
  /** The router delays an offer's expiry with SQS, which allows 15 minutes at most. */
  private static final Duration LONGEST_OFFER_TIMEOUT = Duration.ofSeconds(900);
  /** An offer must outlast the agents' shortest think time, with the request path on top. */
  private static final Duration SHORTEST_OFFER_TIMEOUT = Duration.ofSeconds(1);
  /**
   * Chats pre-filled for the router alone. One pass routes them all, in one router invocation: with
   * the router of this writing, at 13-25 chats/s here, 100 take 4-8 s, inside its 10 s timeout. A
   * longer pass times out, and the local event source interrupts it in the middle of a DynamoDB call,
   * which can make dynalite exit (see the README's "Benchmark").
   */
  static final int DEFAULT_ROUTER_ALONE_CHATS = 100;
  /** Seats of each router-alone agent; the agents are as many as the chats need, and one more. */
  private static final int ROUTER_ALONE_SEATS = 6;
  private static final int ROUTER_ALONE_VISITORS = 20;
  private static final Duration ROUTER_ALONE_TIMEOUT = Duration.ofSeconds(120);
  /**
   * How often the full-path probe requests a chat during the load: about one main site's rate (5
   * chats/s over 5 sites), so that the probe adds a fifth to the load's chats, not more.
   */
  static final Duration FULL_PATH_PERIOD = Duration.ofMillis(1000);
  /** Seats of the full-path probe's agent: it takes one chat at a time, so it never lacks a seat. */
  static final int FULL_PATH_SEATS = 3;

  public BenchConfig {
    if (sites < 1 || agents < sites || peakAgents < 1) {
      throw new IllegalArgumentException("at least one site, one agent per site, and one peak agent");
    }
    if (chatRate <= 0 || peakRate <= 0 || statusChangesPerMinute < 0) {
      throw new IllegalArgumentException("chat rates must be positive and status changes not negative");
    }
    if (duration.isNegative() || duration.isZero() || heartbeatInterval.toMillis() < 100) {
      throw new IllegalArgumentException("the duration must be positive and the heartbeat interval at least 100ms");
    }
    if (peakDuration.isNegative() || warmup.isNegative() || chatHold.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative");
    }
    if (maxChats < 1 || peakMaxChats < 1 || maxConnections < 1 || visitorsPerSite < 1) {
      throw new IllegalArgumentException("capacities, connections and visitors must be at least 1");
    }
    if (floorSamples < 1 || initRuns < 0 || routerAloneChats < 0) {
      throw new IllegalArgumentException("at least one floor sample, and no negative init runs or router-alone chats");
    }
    if (!offerTimeout.isZero()
        && (offerTimeout.compareTo(SHORTEST_OFFER_TIMEOUT) < 0 || offerTimeout.compareTo(LONGEST_OFFER_TIMEOUT) > 0)) {
      throw new IllegalArgumentException("the offer timeout must be 0 (no offers) or from 1 s to 900 s");
    }
    // The shares' rules are the phases' own.
    new OfferAnswers(offerTimeout, neverAcceptShare, declineShare);
  }

  public static BenchConfig defaults() {
    return new BenchConfig(
        100,
        5,
        Duration.ofSeconds(60),
        5,
        Duration.ofSeconds(5),
        3,
        Duration.ofSeconds(4),
        3,
        3,
        20,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        250,
        30,
        5,
        200,
        DEFAULT_ROUTER_ALONE_CHATS,
        5,
        InitJvm.current(),
        Duration.ZERO,
        0,
        0.05,
        Path.of("functions", "target", "functions-lambda.jar"),
        Path.of("benchmark-results"));
  }

  /** How the simulated agents answer offers; {@link OfferAnswers#OFF} without offers. */
  OfferAnswers offerAnswers() {
    return offerTimeout.isZero() ? OfferAnswers.OFF : new OfferAnswers(offerTimeout, neverAcceptShare, declineShare);
  }

  boolean offers() {
    return !offerTimeout.isZero();
  }

  /** Production time per run time. */
  public double timeScale() {
    return (double) UsageModel.PRODUCTION_HEARTBEAT.toMillis() / heartbeatInterval.toMillis();
  }

  PhaseSpec mainPhase() {
    return new PhaseSpec(
        "main",
        sites,
        agents,
        maxChats,
        maxConnections,
        visitorsPerSite,
        duration,
        warmup,
        chatRate,
        Math.max(50, (int) (chatRate * 10)),
        chatHold,
        VISITOR_ENDS_SHARE,
        statusChangesPerMinute,
        AVAILABLE_SHARE,
        heartbeatInterval,
        DRAIN_TIMEOUT,
        offerAnswers());
  }

  /**
   * A quiet site shaped like a main one (as many agents, each with its connections, and a visitor)
   * for the floor: connected and heartbeating, no load.
   */
  PhaseSpec floorSite() {
    return new PhaseSpec(
        "floor",
        1,
        Math.max(1, agents / sites),
        maxChats,
        maxConnections,
        1,
        Duration.ZERO,
        Duration.ZERO,
        0,
        1,
        chatHold,
        0,
        0,
        AVAILABLE_SHARE,
        heartbeatInterval,
        DRAIN_TIMEOUT,
        offerAnswers());
  }

  /** One site, offered more than it can take; agents end each chat at once to free the seat. */
  PhaseSpec peakPhase() {
    return new PhaseSpec(
        "peak",
        1,
        peakAgents,
        peakMaxChats,
        maxConnections,
        PEAK_VISITORS,
        peakDuration,
        Duration.ofSeconds(Math.min(2, peakDuration.toSeconds() / 4)),
        peakRate,
        PEAK_MAX_WAITING,
        Duration.ofMillis(100),
        0,
        statusChangesPerMinute,
        AVAILABLE_SHARE,
        heartbeatInterval,
        DRAIN_TIMEOUT,
        offerAnswers());
  }

  /** Whether the router-alone phase runs: it needs chats, and direct assignment (an offer waits for an accept). */
  boolean routerAloneRuns() {
    return routerAloneChats > 0 && !offers();
  }

  /** One site's queue pre-filled with {@code routerAloneChats} chats, seats for all, for the router alone. */
  RouterAlone.Spec routerAlone() {
    int agents = routerAloneChats / ROUTER_ALONE_SEATS + 1;
    return new RouterAlone.Spec(
        "router-alone-1",
        routerAloneChats,
        agents,
        ROUTER_ALONE_SEATS,
        Math.min(ROUTER_ALONE_VISITORS, routerAloneChats),
        heartbeatInterval,
        ROUTER_ALONE_TIMEOUT);
  }

  private static String describe(RouterAlone.Spec spec) {
    return String.format(
        "%d chats pre-filled on one site, %d agents x %d seats, %d visitors",
        spec.chats(), spec.agents(), spec.maxChats(), spec.visitors());
  }

  /**
   * A runtime on a free port, in memory, with a secret of its own and the scaled timings, offering
   * chats when the run has an offer timeout. Other handler settings come from the bench's own
   * environment, as they would for {@code presence-local} (e.g. {@code PRESENCE_ROUTER_THREADS=1}
   * for a sequential router).
   */
  LocalSettings runtimeSettings() {
    PresenceSettings production = PresenceSettings.DEFAULTS;
    Map<String, String> presence = new HashMap<>(LocalSettings.fromEnvironment(System.getenv()).presence());
    presence.putAll(
        Map.of(
            Setting.HEARTBEAT_INTERVAL.envName(), seconds(heartbeatInterval),
            Setting.HEARTBEAT_TIMEOUT.envName(), seconds(scaled(production.heartbeatTimeout())),
            Setting.OFFLINE_GRACE.envName(), seconds(scaled(production.offlineGrace())),
            Setting.DEFAULT_MAX_CHATS.envName(), Integer.toString(maxChats)));
    if (offers()) {
      presence.put(Setting.OFFER_TIMEOUT.envName(), seconds(offerTimeout));
    }
    return new LocalSettings(
        0,
        Optional.empty(),
        Optional.of("bench-" + UUID.randomUUID() + UUID.randomUUID()),
        presence,
        reaperInterval(),
        30,
        5, Optional.empty());
  }

  /** The deployed reaper runs every minute. */
  Duration reaperInterval() {
    return scaled(Duration.ofSeconds(60));
  }

  Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("agents", Integer.toString(agents));
    p.put("sites", Integer.toString(sites));
    p.put("duration", seconds(duration) + " s");
    p.put("chat rate", chatRate + " /s");
    p.put("heartbeat interval", seconds(heartbeatInterval) + " s");
    p.put("heartbeat timeout", seconds(scaled(PresenceSettings.DEFAULTS.heartbeatTimeout())) + " s");
    p.put("offline grace", seconds(scaled(PresenceSettings.DEFAULTS.offlineGrace())) + " s");
    p.put("reaper interval", seconds(reaperInterval()) + " s");
    p.put("status changes", statusChangesPerMinute + " per agent-minute, " + (int) (AVAILABLE_SHARE * 100) + "% to available");
    p.put("chat hold", seconds(chatHold) + " s mean, " + (int) (VISITOR_ENDS_SHARE * 100) + "% ended by the visitor");
    p.put("max chats", Integer.toString(maxChats));
    p.put("router threads", Integer.toString(Setting.ROUTER_THREADS.count(runtimeSettings().presence())));
    p.put("connections per agent", "1 to " + maxConnections);
    p.put("visitors per site", Integer.toString(visitorsPerSite));
    p.put("warm-up", seconds(warmup) + " s");
    p.put("peak", peakDuration.isZero() ? "skipped" : seconds(peakDuration) + " s, " + peakRate + " chats/s offered, " + peakAgents + " agents x " + peakMaxChats + " chats");
    p.put("floor samples", Integer.toString(floorSamples));
    p.put(
        "full-path floor",
        "one chat every " + FULL_PATH_PERIOD.toMillis() + " ms on a site of its own during the main phase's load");
    p.put(
        "router alone",
        !routerAloneRuns()
            ? (routerAloneChats == 0 ? "skipped" : "skipped (offers on: an offer waits for an accept)")
            : describe(routerAlone()));
    p.put("init runs", Integer.toString(initRuns));
    p.put("init JVM", initJvm.java() + " " + String.join(" ", initJvm.flags()));
    p.put(
        "offers",
        offers()
            ? String.format(
                "%s s to accept (run time, not scaled); %d%% of agents never answer, the others answer after"
                    + " %s s plus an exponential %s s on average (at most half the timeout) and decline %d%%",
                seconds(offerTimeout),
                Math.round(neverAcceptShare * 100),
                seconds(OfferAnswers.THINK_MIN),
                seconds(OfferAnswers.THINK_MEAN_EXTRA),
                Math.round(declineShare * 100))
            : "off: chats assigned directly");
    p.put("lambda jar", lambdaJar.toString());
    return p;
  }

  private Duration scaled(Duration production) {
    return Duration.ofMillis(Math.round(production.toMillis() / timeScale()));
  }

  private static String seconds(Duration duration) {
    return Double.toString(duration.toMillis() / 1000.0);
  }
}
