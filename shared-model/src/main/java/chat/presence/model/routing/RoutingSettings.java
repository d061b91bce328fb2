package chat.presence.model.routing;

import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.util.Map;

/**
 * How chats are routed.
 *
 * @param offerTimeout zero: chats are assigned directly (v1). Above zero: each chat is first
 *     offered to one agent, who has this long to accept it before it is withdrawn and offered to
 *     another. At most 900 s, the longest delay of an SQS message, which drives the expiry.
 * @param maxQueueWait zero: no limit. Above zero: a chat that has waited this long for an agent
 *     ends ({@code by} = {@code timeout}).
 * @param visitorReturn how long after its visitor left an assigned chat ends, unless the visitor
 *     is back (never before the offline grace period is over)
 * @param groupOverflow zero: a chat for a group only ever goes to agents of that group. Above zero:
 *     once it has waited this long, any agent of the site may take it.
 * @param stickyWait how long a chat waits for its preferred agent while that agent is online but
 *     cannot take it (zero: not at all)
 */
public record RoutingSettings(
    Duration offerTimeout,
    Duration maxQueueWait,
    Duration visitorReturn,
    Duration groupOverflow,
    Duration stickyWait) {
  private static final Duration LONGEST_OFFER = Duration.ofSeconds(900);
  /** A day: a chat waits for an agent or a visitor for minutes, not days. */
  private static final Duration LONGEST_WAIT = Duration.ofDays(1);

  public static final RoutingSettings DEFAULTS =
      new RoutingSettings(
          Setting.OFFER_TIMEOUT.defaultSeconds(),
          Setting.MAX_QUEUE_WAIT.defaultSeconds(),
          Setting.VISITOR_RETURN.defaultSeconds(),
          Setting.GROUP_OVERFLOW.defaultSeconds(),
          Setting.STICKY_WAIT.defaultSeconds());

  public RoutingSettings {
    requireWithin(Setting.OFFER_TIMEOUT, offerTimeout, LONGEST_OFFER);
    requireWithin(Setting.MAX_QUEUE_WAIT, maxQueueWait, LONGEST_WAIT);
    requireWithin(Setting.VISITOR_RETURN, visitorReturn, LONGEST_WAIT);
    requireWithin(Setting.GROUP_OVERFLOW, groupOverflow, LONGEST_WAIT);
    requireWithin(Setting.STICKY_WAIT, stickyWait, LONGEST_WAIT);
  }

  public static RoutingSettings fromEnvironment(Map<String, String> env) {
    return new RoutingSettings(
        Setting.OFFER_TIMEOUT.seconds(env),
        Setting.MAX_QUEUE_WAIT.seconds(env),
        Setting.VISITOR_RETURN.seconds(env),
        Setting.GROUP_OVERFLOW.seconds(env),
        Setting.STICKY_WAIT.seconds(env));
  }

  public boolean offers() {
    return !offerTimeout.isZero();
  }

  public boolean overflowsGroups() {
    return !groupOverflow.isZero();
  }

  public boolean limitsQueueWait() {
    return !maxQueueWait.isZero();
  }

  private static void requireWithin(Setting setting, Duration value, Duration longest) {
    if (value.isNegative() || value.compareTo(longest) > 0) {
      throw new IllegalArgumentException(
          setting.envName() + " must be from 0 to " + longest.toSeconds() + " s, got " + value.toMillis() / 1000.0 + " s");
    }
  }
}
