package chat.presence.functions.explorer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs schedules on a fresh {@link World}: the steps a seed generates, then a settling phase with no
 * faults in which every timer runs out, checking the invariants after every step and at the end. A
 * failing run is shrunk to the fewest steps that still fail the same way.
 */
final class Explorer {
  /** How a run ended: its steps, and the invariant it broke (if any) at which step. */
  record Run(
      List<Step> steps,
      Mode mode,
      Optional<Violation> violation,
      int failedAt,
      Stats stats,
      Map<Integer, String> notes) {
    boolean failed() {
      return violation.isPresent();
    }
  }

  /** What a run did, to show that the explorer reaches the interleavings that matter. */
  record Stats(
      int invocations,
      int faults,
      int assignments,
      int requeues,
      int offers,
      int withdrawals,
      int abandoned,
      int timedOut,
      int overlappingPasses,
      int continuedPasses,
      int grantsForGroups,
      int overflows,
      int transfers,
      int presenceViews) {
    Stats plus(Stats other) {
      return new Stats(
          invocations + other.invocations,
          faults + other.faults,
          assignments + other.assignments,
          requeues + other.requeues,
          offers + other.offers,
          withdrawals + other.withdrawals,
          abandoned + other.abandoned,
          timedOut + other.timedOut,
          overlappingPasses + other.overlappingPasses,
          continuedPasses + other.continuedPasses,
          grantsForGroups + other.grantsForGroups,
          overflows + other.overflows,
          transfers + other.transfers,
          presenceViews + other.presenceViews);
    }
  }

  static final int SETTLE_ROUNDS = 80;
  static final Duration SETTLE_STEP = Duration.ofSeconds(5);
  private static final int SETTLE_ID = 1_000_000;
  private static final int ROUTER_PASSES_PER_ROUND = 20;

  private Explorer() {}

  /** Generates {@code length} steps from the seed, running each as it is chosen. */
  static Run generate(long seed, int length) {
    World world = new World(Mode.of(seed));
    ScheduleGenerator generator = new ScheduleGenerator(seed, world);
    List<Step> steps = new ArrayList<>();
    try {
      for (int i = 0; i < length; i++) {
        Step step = new Step(i, generator.next());
        steps.add(step);
        Optional<Violation> violation = step(world, step);
        if (violation.isPresent()) {
          return new Run(steps, world.mode, violation, i, stats(world, steps), world.notes());
        }
      }
      return new Run(steps, world.mode, settle(world), steps.size(), stats(world, steps), world.notes());
    } finally {
      world.scheduler.killAll();
    }
  }

  /** Runs the given steps on a fresh world, then settles it. */
  static Run replay(List<Step> steps, Mode mode) {
    World world = new World(mode);
    try {
      for (int i = 0; i < steps.size(); i++) {
        Optional<Violation> violation = step(world, steps.get(i));
        if (violation.isPresent()) {
          return new Run(steps, world.mode, violation, i, stats(world, steps), world.notes());
        }
      }
      return new Run(steps, world.mode, settle(world), steps.size(), stats(world, steps), world.notes());
    } finally {
      world.scheduler.killAll();
    }
  }

  /**
   * The fewest steps (removing chunks, then single steps, until nothing more can go) that still
   * break the same invariant.
   */
  static Run shrink(Run failed) {
    String kind = failed.violation().orElseThrow().kind();
    List<Step> steps =
        new ArrayList<>(failed.steps().subList(0, Math.min(failed.steps().size(), failed.failedAt() + 1)));
    Run best = failed;
    for (int chunk = Math.max(1, steps.size() / 2); chunk >= 1; chunk /= 2) {
      boolean removed = true;
      while (removed) {
        removed = false;
        for (int from = steps.size() - chunk; from >= 0; from -= chunk) {
          List<Step> candidate = new ArrayList<>(steps);
          candidate.subList(from, Math.min(from + chunk, candidate.size())).clear();
          Run run = replay(candidate, failed.mode());
          if (run.violation().filter(v -> v.kind().equals(kind)).isPresent()) {
            steps = candidate;
            best = run;
            removed = true;
          }
        }
      }
    }
    return best;
  }

  private static Optional<Violation> step(World world, Step step) {
    try {
      world.apply(step.id(), step.op());
      new Invariants(world).afterEachStep();
      return Optional.empty();
    } catch (Violation violation) {
      return Optional.of(violation);
    }
  }

  /**
   * No more faults: every invocation runs to its end, disconnects arrive, indexes catch up, the
   * router drains its queue, the reaper runs, live clients keep heartbeating, and time passes until
   * every grace period, timeout, backoff and settling time has run out.
   */
  private static Optional<Violation> settle(World world) {
    Invariants invariants = new Invariants(world);
    int id = SETTLE_ID;
    try {
      for (int round = 0; round < SETTLE_ROUNDS; round++) {
        world.drainActors();
        while (!world.disconnectsOwed().isEmpty()) {
          world.apply(id++, new Op.DeliverDisconnect());
          world.drainActors();
        }
        world.dynamo.propagateIndexes();
        for (int pass = 0; pass < ROUTER_PASSES_PER_ROUND && world.queue.depth() > world.queue.inFlight(); pass++) {
          world.apply(id++, new Op.RouterPass());
          world.drainActors();
        }
        world.apply(id++, new Op.ReaperPass());
        world.drainActors();
        invariants.afterEachStep();
        world.apply(id++, new Op.Advance(SETTLE_STEP.toMillis()));
      }
      world.drainActors();
      invariants.atQuiescence();
      return Optional.empty();
    } catch (Violation violation) {
      return Optional.of(violation);
    }
  }

  private static Stats stats(World world, List<Step> steps) {
    int faults =
        (int) steps.stream().filter(s -> s.op() instanceof Op.Resume r && r.fate() != Fate.PROCEED).count();
    return new Stats(
        world.scheduler.spawned(),
        faults,
        world.truth.assignments(),
        world.truth.requeues(),
        world.truth.offers(),
        world.truth.withdrawals(),
        world.truth.abandoned(),
        world.truth.timedOut(),
        world.overlappingPasses(),
        world.timers.continuations(),
        world.truth.grantsForGroups(),
        world.truth.overflows(),
        world.truth.transfers(),
        presenceViewsDelivered(world));
  }

  /** {@code presence.changed} frames that reached a subscriber: the views the invariant compares. */
  private static int presenceViewsDelivered(World world) {
    return (int)
        world.tabs().values().stream()
            .flatMap(tab -> world.gateway.delivered(tab.connectionId()).stream())
            .filter(frame -> frame.contains("\"presence.changed\""))
            .count();
  }

  /** The steps, one a line, with the ids that steps refer to each other by. */
  static String describe(Run run) {
    StringBuilder text = new StringBuilder();
    for (Step step : run.steps()) {
      String note = run.notes().get(step.id());
      text.append(String.format("  %3d  %s%s%n", step.id(), step.op(), note == null ? "" : "  (" + note + ")"));
    }
    return text.toString();
  }

  /** A step of a schedule with the id that other steps refer to it by. */
  record Step(int id, Op op) {}
}
