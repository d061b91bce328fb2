package chat.presence.bench.measure;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Running sums for one {@link CapacityKey}, safe to add to from any thread. */
final class CapacityTally {
  private final LongAdder readCalls = new LongAdder();
  private final LongAdder writeCalls = new LongAdder();
  private final LongAdder failedConditionalWrites = new LongAdder();
  private final LongAdder indexWrites = new LongAdder();
  private final DoubleAdder readUnits = new DoubleAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();

  void add(boolean write, double units, boolean failedCondition, int indexEntriesWritten) {
    if (write) {
      writeCalls.increment();
      writeUnits.add(units);
      indexWrites.add(indexEntriesWritten);
      if (failedCondition) {
        failedConditionalWrites.increment();
      }
    } else {
      readCalls.increment();
      readUnits.add(units);
    }
  }

  CapacityTotals totals() {
    return new CapacityTotals(
        readCalls.sum(),
        readUnits.sum(),
        writeCalls.sum(),
        writeUnits.sum(),
        failedConditionalWrites.sum(),
        indexWrites.sum());
  }
}
