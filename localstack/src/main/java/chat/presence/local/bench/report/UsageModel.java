package chat.presence.local.bench.report;

import chat.presence.model.presence.PresenceSettings;
import java.time.Duration;

/**
 * How production usage is assumed to look, to turn per-operation measurements into per-hour and
 * per-month figures. Every assumption is printed in the report next to the figures it feeds.
 */
public final class UsageModel {
  private UsageModel() {}

  /** Heartbeat interval clients use in production. */
  public static final Duration PRODUCTION_HEARTBEAT = PresenceSettings.DEFAULTS.heartbeatInterval();
  /** The longest heartbeat interval worth pricing: API Gateway closes a connection idle for 10 minutes. */
  public static final Duration SPARSE_HEARTBEAT = Duration.ofMinutes(5);
  /** API Gateway closes every WebSocket connection after two hours, so each reconnects that often. */
  public static final double CONNECTION_HOURS = 2;
  /** The reaper's schedule when deployed. */
  public static final double REAPER_PASSES_PER_HOUR = 60;
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
