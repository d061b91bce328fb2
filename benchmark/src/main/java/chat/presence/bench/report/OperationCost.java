package chat.presence.bench.report;

/**
 * DynamoDB capacity of one operation, averaged over how often it happened in the run.
 *
 * @param indexWrites write calls to tables with a global secondary index, per operation: DynamoDB
 *     charges a write to each index an item is in, which dynalite does not report; one each is an
 *     upper bound for these small items
 */
public record OperationCost(String operation, long count, double readUnits, double writeUnits, double indexWrites) {
  public double writesWithIndexes() {
    return writeUnits + indexWrites;
  }
}
