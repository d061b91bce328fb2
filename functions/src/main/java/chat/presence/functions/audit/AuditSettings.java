package chat.presence.functions.audit;

import chat.presence.model.presence.PresenceSettings;
import java.time.Duration;
import java.util.Map;

/**
 * How long the auditor lets the system catch up before it calls a state a breach.
 *
 * @param maxQueueWait a queued chat older than this while an agent is eligible is a breach
 * @param settleTime how long a change made in two writes (an assignment: the agent, then the chat;
 *     a connect: the connection record, then the agent) may be seen half done; the router completes
 *     a crash in between within seconds
 * @param reaperInterval how often the reaper runs: a connection that died without {@code
 *     $disconnect} leaves its agent only once the reaper has noticed
 */
public record AuditSettings(Duration maxQueueWait, Duration settleTime, Duration reaperInterval) {
  public static final String MAX_QUEUE_WAIT = "PRESENCE_AUDIT_MAX_QUEUE_WAIT_SECONDS";
  public static final String SETTLE_TIME = "PRESENCE_AUDIT_SETTLE_SECONDS";
  public static final String REAPER_INTERVAL = "PRESENCE_REAPER_INTERVAL_SECONDS";

  public static final AuditSettings DEFAULTS =
      new AuditSettings(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60));

  public AuditSettings {
    requireNotNegative(MAX_QUEUE_WAIT, maxQueueWait);
    requireNotNegative(SETTLE_TIME, settleTime);
    requireNotNegative(REAPER_INTERVAL, reaperInterval);
  }

  public static AuditSettings fromEnvironment(Map<String, String> env) {
    return new AuditSettings(
        PresenceSettings.seconds(env, MAX_QUEUE_WAIT, DEFAULTS.maxQueueWait),
        PresenceSettings.seconds(env, SETTLE_TIME, DEFAULTS.settleTime),
        PresenceSettings.seconds(env, REAPER_INTERVAL, DEFAULTS.reaperInterval));
  }

  public AuditSettings withReaperInterval(Duration interval) {
    return new AuditSettings(maxQueueWait, settleTime, interval);
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
