package chat.presence.model.presence;

import chat.presence.model.settings.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells a backend fault from agents leaving. When an unusual share of a site's agents, or of the
 * whole fleet's, goes stale within a window, the likely cause is on our side (a stalled pipeline, a
 * network fault), so no one is set offline for silence until the share is normal again.
 *
 * <p>The share counts the agents dropped for silence within the window as well as those stale now:
 * a fault that spreads over several passes adds up instead of starting from zero at each pass.
 *
 * @param staleShare the share of agents above which the breaker opens (e.g. 0.2)
 * @param minimumAgents below this many agents a share means little, so the breaker stays closed
 * @param window how far back drops for silence still count
 */
public record StalenessBreaker(double staleShare, int minimumAgents, Duration window) {
  public static final StalenessBreaker DEFAULT =
      new StalenessBreaker(
          Setting.BREAKER_STALE_SHARE.defaultNumber(),
          Setting.BREAKER_MINIMUM_AGENTS.defaultCount(),
          Setting.BREAKER_WINDOW.defaultSeconds());

  public StalenessBreaker {
    if (!(staleShare > 0 && staleShare < 1)) {
      throw new IllegalArgumentException(
          Setting.BREAKER_STALE_SHARE.envName() + " must be between 0 and 1, got " + staleShare);
    }
    if (minimumAgents < 1) {
      throw new IllegalArgumentException(
          Setting.BREAKER_MINIMUM_AGENTS.envName() + " must be at least 1, got " + minimumAgents);
    }
    if (window.isNegative()) {
      throw new IllegalArgumentException(Setting.BREAKER_WINDOW.envName() + " must not be negative, got " + window);
    }
  }

  public static StalenessBreaker fromEnvironment(Map<String, String> env) {
    return new StalenessBreaker(
        Setting.BREAKER_STALE_SHARE.number(env),
        Setting.BREAKER_MINIMUM_AGENTS.count(env),
        Setting.BREAKER_WINDOW.seconds(env));
  }

  /**
   * One site's agents in one pass: with a live connection, of those the ones all of whose
   * connections are silent, and the agents dropped for silence within the window.
   */
  public record Counts(int live, int stale, int recentlyDropped) {}

  /** Whether the agent went offline for silence within the window: it counts as stale. */
  public boolean droppedRecently(AgentState agent, Instant now) {
    return !agent.hasConnection()
        && agent.lastDisconnectReason().filter(r -> r == TransitionReason.HEARTBEAT_TIMEOUT).isPresent()
        && agent.lastDisconnectAt().filter(at -> !at.plus(window).isBefore(now)).isPresent();
  }

  /**
   * The sites whose silent connections must be kept this pass: every site when the fleet as a
   * whole trips the breaker.
   */
  public Set<String> openSites(Map<String, Counts> bySite) {
    int live = 0;
    int stale = 0;
    int dropped = 0;
    for (Counts counts : bySite.values()) {
      live += counts.live();
      stale += counts.stale();
      dropped += counts.recentlyDropped();
    }
    if (trips(new Counts(live, stale, dropped))) {
      return Set.copyOf(bySite.keySet());
    }
    Set<String> open = new HashSet<>();
    bySite.forEach(
        (site, counts) -> {
          if (trips(counts)) {
            open.add(site);
          }
        });
    return open;
  }

  private boolean trips(Counts counts) {
    int population = counts.live() + counts.recentlyDropped();
    int stale = counts.stale() + counts.recentlyDropped();
    return population >= minimumAgents && stale > staleShare * population;
  }
}
