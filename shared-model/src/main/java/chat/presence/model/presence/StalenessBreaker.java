package chat.presence.model.presence;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells a backend fault from agents leaving. When an unusual share of a site's live agents, or of
 * the whole fleet's, looks stale in one pass, the likely cause is on our side (a stalled pipeline,
 * a network fault), so no one is set offline for silence until the share is normal again.
 *
 * @param staleShare the share of live agents above which the breaker opens (e.g. 0.2)
 * @param minimumAgents below this many live agents a share means little, so the breaker stays closed
 */
public record StalenessBreaker(double staleShare, int minimumAgents) {
  public static final String STALE_SHARE = "PRESENCE_BREAKER_STALE_SHARE";
  public static final String MINIMUM_AGENTS = "PRESENCE_BREAKER_MINIMUM_AGENTS";
  public static final StalenessBreaker DEFAULT = new StalenessBreaker(0.2, 5);

  public StalenessBreaker {
    if (!(staleShare > 0 && staleShare < 1)) {
      throw new IllegalArgumentException(STALE_SHARE + " must be between 0 and 1, got " + staleShare);
    }
    if (minimumAgents < 1) {
      throw new IllegalArgumentException(MINIMUM_AGENTS + " must be at least 1, got " + minimumAgents);
    }
  }

  public static StalenessBreaker fromEnvironment(Map<String, String> env) {
    try {
      return new StalenessBreaker(
          Double.parseDouble(env.getOrDefault(STALE_SHARE, Double.toString(DEFAULT.staleShare))),
          Integer.parseInt(env.getOrDefault(MINIMUM_AGENTS, Integer.toString(DEFAULT.minimumAgents))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          STALE_SHARE + " must be a number and " + MINIMUM_AGENTS + " a whole number", e);
    }
  }

  /** Live and stale agents of one site in one pass. */
  public record Counts(int live, int stale) {}

  /**
   * The sites whose silent connections must be kept this pass: every site when the fleet as a
   * whole trips the breaker.
   */
  public Set<String> openSites(Map<String, Counts> bySite) {
    int live = 0;
    int stale = 0;
    for (Counts counts : bySite.values()) {
      live += counts.live();
      stale += counts.stale();
    }
    if (trips(new Counts(live, stale))) {
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
    return counts.live() >= minimumAgents && counts.stale() > staleShare * counts.live();
  }
}
