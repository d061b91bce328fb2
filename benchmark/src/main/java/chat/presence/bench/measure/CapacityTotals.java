package chat.presence.bench.measure;

/**
 * Capacity consumed by some set of calls.
 *
 * @param failedConditionalWrites write calls whose condition failed, included in the write figures
 */
public record CapacityTotals(
    long readCalls, double readUnits, long writeCalls, double writeUnits, long failedConditionalWrites) {

  public static final CapacityTotals ZERO = new CapacityTotals(0, 0, 0, 0, 0);

  public CapacityTotals plus(CapacityTotals other) {
    return new CapacityTotals(
        readCalls + other.readCalls,
        readUnits + other.readUnits,
        writeCalls + other.writeCalls,
        writeUnits + other.writeUnits,
        failedConditionalWrites + other.failedConditionalWrites);
  }

  public CapacityTotals minus(CapacityTotals other) {
    return new CapacityTotals(
        readCalls - other.readCalls,
        readUnits - other.readUnits,
        writeCalls - other.writeCalls,
        writeUnits - other.writeUnits,
        failedConditionalWrites - other.failedConditionalWrites);
  }
}
