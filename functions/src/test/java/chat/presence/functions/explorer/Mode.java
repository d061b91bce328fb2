package chat.presence.functions.explorer;

import java.time.Duration;

/**
 * How a run's simulated deployment differs from the default, chosen by its seed.
 *
 * @param offers chats are offered (with a timeout, and a limit on the queue wait) instead of
 *     assigned directly
 * @param overlapping the routing queue's visibility timeout is shorter than the router's timeout,
 *     so a slow pass's events go to a second pass while the first still runs, as in the local
 *     runtime (whose late invocations are interrupted, not killed) and its fault tests
 * @param policy agents belong to groups, and visitors ask for a group, a priority or a preferred
 *     agent; chats overflow their group and stop waiting for their preferred agent after a while
 * @param boundedPasses a router pass drives one listed chat and tells one visitor its place, then
 *     continues in another pass
 */
record Mode(boolean offers, boolean overlapping, boolean policy, boolean boundedPasses) {
  static final Mode DEFAULT = new Mode(false, false, false, false);

  /**
   * Even seeds run with offers; every third seed lets router passes overlap; every fourth, from 3
   * on, routes by policy (seeds that were run before routing policy existed run as they did); every
   * fifth, from 1 on, bounds router passes (so those seeds no longer replay schedules found before
   * bounds existed; the regression tests keep theirs with explicit modes).
   */
  static Mode of(long seed) {
    return new Mode(seed % 2 == 0, seed % 3 == 0, seed % 4 == 3, seed % 5 == 1);
  }

  Duration routingVisibility() {
    return overlapping ? Duration.ofSeconds(1) : World.VISIBILITY;
  }

  @Override
  public String toString() {
    return (offers ? "offers" : "direct assignment")
        + (overlapping ? ", overlapping router passes" : "")
        + (policy ? ", groups, priorities and preferred agents" : "")
        + (boundedPasses ? ", one chat per router pass" : "");
  }
}
