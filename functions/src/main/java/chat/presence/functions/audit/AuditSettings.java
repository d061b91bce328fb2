package chat.presence.functions.audit;

import chat.presence.model.settings.Setting;
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

  public static final AuditSettings DEFAULTS =
      new AuditSettings(
          Setting.AUDIT_MAX_QUEUE_WAIT.defaultSeconds(),
          Setting.AUDIT_SETTLE.defaultSeconds(),
          Setting.REAPER_INTERVAL.defaultSeconds());

  public AuditSettings {
    requireNotNegative(Setting.AUDIT_MAX_QUEUE_WAIT.envName(), maxQueueWait);
    requireNotNegative(Setting.AUDIT_SETTLE.envName(), settleTime);
    requireNotNegative(Setting.REAPER_INTERVAL.envName(), reaperInterval);
  }

  public static AuditSettings fromEnvironment(Map<String, String> env) {
    return new AuditSettings(
        Setting.AUDIT_MAX_QUEUE_WAIT.seconds(env),
        Setting.AUDIT_SETTLE.seconds(env),
        Setting.REAPER_INTERVAL.seconds(env));
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
