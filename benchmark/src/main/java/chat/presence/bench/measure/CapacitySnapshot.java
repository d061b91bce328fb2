package chat.presence.bench.measure;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The capacity counted up to one moment, by handler and table; two snapshots give a phase's. */
public record CapacitySnapshot(Map<CapacityKey, CapacityTotals> totals) {
  public CapacitySnapshot {
    totals = Map.copyOf(totals);
  }

  public static final CapacitySnapshot EMPTY = new CapacitySnapshot(Map.of());

  /** What was consumed after {@code earlier} was taken. */
  public CapacitySnapshot since(CapacitySnapshot earlier) {
    Map<CapacityKey, CapacityTotals> delta = new HashMap<>();
    totals.forEach(
        (key, now) -> delta.put(key, now.minus(earlier.totals.getOrDefault(key, CapacityTotals.ZERO))));
    return new CapacitySnapshot(delta);
  }

  public CapacityTotals sum(Predicate<CapacityKey> which) {
    return totals.entrySet().stream()
        .filter(e -> which.test(e.getKey()))
        .map(Map.Entry::getValue)
        .reduce(CapacityTotals.ZERO, CapacityTotals::plus);
  }

  public CapacityTotals ofHandlers(Set<String> handlers) {
    return sum(key -> handlers.contains(key.handler()));
  }

  public CapacityTotals ofHandler(String handler) {
    return sum(key -> key.handler().equals(handler));
  }
}
