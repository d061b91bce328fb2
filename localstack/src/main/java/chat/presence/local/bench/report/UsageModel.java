package chat.presence.local.bench.report;

import chat.presence.model.presence.PresenceSettings;
import java.time.Duration;
import java.util.List;

/**
 * How production usage is assumed to look, to turn per-operation measurements into per-hour and
 * per-month figures. Every assumption is printed in the report next to the figures it feeds.
 */
public final class UsageModel {
  private UsageModel() {}

  /** Keep-alive interval clients use in production. */
  public static final Duration PRODUCTION_HEARTBEAT = PresenceSettings.DEFAULTS.heartbeatInterval();
  /** The keep-alive clients use in production. */
  public static final KeepAlive PRODUCTION_KEEP_ALIVE = KeepAlive.PING;
  /** The intervals the trade-off prices; all well inside API Gateway's 10-minute idle limit. */
  public static final List<Duration> KEEP_ALIVE_INTERVALS =
      List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180));
  /** The trade-off's connections per agent: two devices or windows, as the target is set. */
  public static final double TRADE_OFF_CONNECTIONS_PER_AGENT = 2;
  /**
   * How late a keep-alive may come before its connection counts as silent: a browser wakes a
   * hidden tab's timers once a minute, so its keep-alive can be up to a minute late.
   */
  public static final Duration LATE_KEEP_ALIVE_ALLOWANCE = Duration.ofMinutes(1);
  /** API Gateway closes every WebSocket connection after two hours, so each reconnects that often. */
  public static final double CONNECTION_HOURS = 2;
  /** The reaper's schedule when deployed (EventBridge's shortest rate). */
  public static final Duration REAPER_INTERVAL = Duration.ofMinutes(1);
  public static final double REAPER_PASSES_PER_HOUR = 3600.0 / REAPER_INTERVAL.toSeconds();
  /** An agent's working month: 8 hours a day, 22 days. */
  public static final double AGENT_HOURS_PER_MONTH = 176;
  /** Status changes (breaks, meetings) per agent and hour. */
  public static final double STATUS_CHANGES_PER_AGENT_HOUR = 4;
  /** Chats handled per agent and hour. */
  public static final double CHATS_PER_AGENT_HOUR = 4;
  /** How long a visitor's widget is connected for one chat (waiting and talking). */
  public static final double VISITOR_MINUTES_PER_CHAT = 15;
  /** Memory of every function. */
  public static final double LAMBDA_MEMORY_GB = 0.5;
  /** Agents per site: the audience of a presence change on a hosted service's site channel. */
  public static final double AGENTS_PER_SITE = 10;
  /** Routing events a chat publishes by design: requested, ended. */
  public static final double ROUTING_EVENTS_PER_CHAT = 2;

  /** The heartbeat timeout that goes with a keep-alive interval. */
  public static Duration timeoutFor(Duration interval) {
    return interval.plus(LATE_KEEP_ALIVE_ALLOWANCE);
  }

  /**
   * The most time from a client's silent drop to its agent shown offline, when the drop came just
   * after its last keep-alive: the timeout, then a reaper pass that may come up to one interval
   * after it, and the next pass, which confirms the silence and drops the connection. The offline
   * grace period, shorter than a pass, runs out meanwhile (the drop is dated at the timeout).
   */
  public static Duration detectionBound(Duration interval) {
    return timeoutFor(interval).plus(REAPER_INTERVAL.multipliedBy(2));
  }

  public static double heartbeatsPerConnectionHour() {
    return heartbeatsPerConnectionHour(PRODUCTION_HEARTBEAT);
  }

  public static double heartbeatsPerConnectionHour(Duration interval) {
    return 3600.0 / interval.toSeconds();
  }

  /** The heartbeats of a visitor's widget during one chat. */
  public static double visitorHeartbeatsPerChat() {
    return VISITOR_MINUTES_PER_CHAT / 60 * heartbeatsPerConnectionHour();
  }
}
