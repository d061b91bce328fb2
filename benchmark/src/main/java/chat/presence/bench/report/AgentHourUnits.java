package chat.presence.bench.report;

/** DynamoDB units per connected agent-hour. */
public record AgentHourUnits(double reads, double writes, double writesWithIndexes) {
  AgentHourUnits plus(double times, OperationCost operation) {
    return new AgentHourUnits(
        reads + times * operation.readUnits(),
        writes + times * operation.writeUnits(),
        writesWithIndexes + times * operation.writesWithIndexes());
  }
}
