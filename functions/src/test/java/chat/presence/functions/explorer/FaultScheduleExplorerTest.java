package chat.presence.functions.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fault-schedule explorer: seeded random schedules of connects, disconnects, silent tabs,
 * status flips, chat requests and ends, router and reaper passes and clock advances, with crashes,
 * failed calls, delays and duplicated events at every call to DynamoDB, the gateway and the queue,
 * run through the real handlers on fakes; the invariants are checked after every step and at
 * quiescence.
 *
 * <p>{@code -Dexplorer.seeds=N} runs N seeds (default 500, within {@code -Dexplorer.seconds}, default
 * 150); {@code -Dexplorer.seed=S} replays one seed; {@code -Dexplorer.steps} sets steps per seed.
 */
class FaultScheduleExplorerTest {
  private static final long SEEDS = Long.getLong("explorer.seeds", 500);
  private static final long FIRST_SEED = Long.getLong("explorer.firstSeed", 1);
  private static final int STEPS = Integer.getInteger("explorer.steps", 150);
  private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("explorer.seconds", 150));

  @Test
  void everyExploredScheduleKeepsThePromise() {
    Long only = Long.getLong("explorer.seed");
    long first = only != null ? only : FIRST_SEED;
    long last = only != null ? only : FIRST_SEED + SEEDS - 1;
    long started = System.nanoTime();
    long deadline = started + BUDGET.toNanos();
    Explorer.Stats total = new Explorer.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    long seed = first;
    for (; seed <= last && (only != null || System.nanoTime() < deadline); seed++) {
      Explorer.Run run = Explorer.generate(seed, STEPS);
      total = total.plus(run.stats());
      if (run.failed()) {
        Explorer.Run minimal = Explorer.shrink(run);
        throw new AssertionError(
            String.format(
                "seed %d (%s) broke %s%nminimal schedule (%d steps; then settling: invocations in flight run on"
                    + " in start order, without faults, while time passes):%n%s"
                    + "replay: mvn -B -pl shared-model,functions test -Dtest=%s -Dexplorer.seed=%d"
                    + " -Dsurefire.failIfNoSpecifiedTests=false",
                seed,
                minimal.mode(),
                minimal.violation().orElseThrow().getMessage(),
                minimal.steps().size(),
                Explorer.describe(minimal),
                getClass().getSimpleName(),
                seed));
      }
    }
    long explored = seed - first;
    System.out.printf(
        "fault-schedule explorer: %d seeds (%d..%d) x %d steps in %.1f s, 0 violations;"
            + " %d invocations, %d injected faults, %d assignments (%d of them offers, %d returned unaccepted),"
            + " %d requeues, %d chats ended as their visitor left, %d as they waited too long,"
            + " %d router passes overlapping another, %d continued at their bound, %d grants of chats for a group (%d after overflow),"
            + " %d grants by a transfer, %d presence views delivered to subscribers%n",
        explored,
        first,
        seed - 1,
        STEPS,
        (System.nanoTime() - started) / 1e9,
        total.invocations(),
        total.faults(),
        total.assignments(),
        total.offers(),
        total.withdrawals(),
        total.requeues(),
        total.abandoned(),
        total.timedOut(),
        total.overlappingPasses(),
        total.continuedPasses(),
        total.grantsForGroups(),
        total.overflows(),
        total.transfers(),
        total.presenceViews());
    assertThat(explored).isPositive();
  }
}
