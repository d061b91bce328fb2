package chat.presence.bench.report;

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
  /**
   * Connections per agent in the model (steady state, cost, trade-off): two devices or windows, as
   * the targets are set; the run simulates 1 to 3 each, so its own average varies from run to run.
   */
  public static final double TARGET_CONNECTIONS_PER_AGENT = 2;
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
  /** Memory of every function as the stack deploys it (infra-cdk PresenceFunction.MEMORY_MB, arm64). */
  public static final double LAMBDA_MEMORY_GB = 1024 / 1024.0;
  /**
   * One single-item DynamoDB call from a function in the same region, assumed: DynamoDB answers in
   * single-digit milliseconds; with the network hop and SigV4 signing a few ms each way.
   */
  public static final double DEPLOYED_CALL_MILLIS = 5;
  /**
   * Lambda's own log records per invocation in the JSON log format the stack sets: platform.start
   * (about 150 bytes) and platform.report with its metrics (about 350); an estimate.
   */
  public static final double PLATFORM_LOG_BYTES_PER_INVOCATION = 500;
  /**
   * Pollers of an idle SQS event-source mapping: Lambda long-polls with five and may go down to two
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html); five is the bound used.
   */
  public static final int IDLE_POLLERS = 5;
  /** A long poll waits up to 20 s, so an idle poller receives three times a minute. */
  public static final int LONG_POLL_SECONDS = 20;
  /** Hours in an average month, for what runs whoever is online. */
  public static final double HOURS_PER_MONTH = 730;
  /**
   * Consoles subscribed to a site's presence: every agent's (one socket per browser) sees the team
   * live, pushed; supervisors' consoles are left out.
   */
  public static final double SUBSCRIBERS_PER_SITE = 10;
  /** How often a console that is not pushed presence would read it: the console's earlier poll. */
  public static final Duration PRESENCE_POLL = Duration.ofSeconds(5);
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
