package chat.presence.bench.measure;

/**
 * Capacity consumed by some set of calls.
 *
 * @param failedConditionalWrites write calls whose condition failed, included in the write figures
 * @param indexWrites global secondary index entries the writes put, changed or deleted (see {@link
 *     IndexWrites}); not in {@code writeUnits}, since the emulator reports the table's units only
 */
public record CapacityTotals(
    long readCalls,
    double readUnits,
    long writeCalls,
    double writeUnits,
    long failedConditionalWrites,
    long indexWrites) {

  public static final CapacityTotals ZERO = new CapacityTotals(0, 0, 0, 0, 0, 0);

  public CapacityTotals plus(CapacityTotals other) {
    return new CapacityTotals(
        readCalls + other.readCalls,
        readUnits + other.readUnits,
        writeCalls + other.writeCalls,
        writeUnits + other.writeUnits,
        failedConditionalWrites + other.failedConditionalWrites,
        indexWrites + other.indexWrites);
  }

  public CapacityTotals minus(CapacityTotals other) {
    return new CapacityTotals(
        readCalls - other.readCalls,
        readUnits - other.readUnits,
        writeCalls - other.writeCalls,
        writeUnits - other.writeUnits,
        failedConditionalWrites - other.failedConditionalWrites,
        indexWrites - other.indexWrites);
  }
}
