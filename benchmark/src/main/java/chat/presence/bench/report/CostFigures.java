package chat.presence.bench.report;

import java.util.List;

/**
 * Estimated AWS cost from the measured counts, beside hosted services' list prices.
 *
 * @param presencePer1000AgentHours presence alone (connections, heartbeats, status changes)
 * @param naivePresencePer1000AgentHours the same with a DynamoDB write per heartbeat
 * @param keepAliveTradeOff presence per 1,000 agent-hours and silent-drop detection by keep-alive
 *     interval
 * @param monthly estimates for fleets of agents
 */
public record CostFigures(
    List<String> prices,
    List<String> assumptions,
    List<CostLine> presencePer1000AgentHours,
    double presenceTotalPer1000AgentHours,
    double presenceDynamoDbPer1000AgentHours,
    double naivePresenceDynamoDbPer1000AgentHours,
    List<KeepAliveOption> keepAliveTradeOff,
    List<MonthlyEstimate> monthly) {

  /**
   * A month for a fleet of agents.
   *
   * @param presence the presence part, to compare with hosted presence services
   * @param ably hosted alternative for the same connections and presence changes
   * @param pusher the smallest listed plan that fits, or null when none does
   */
  public record MonthlyEstimate(
      int agents,
      double agentHours,
      double chats,
      List<CostLine> lines,
      double total,
      double naiveTotal,
      double presence,
      double ably,
      String ablyBasis,
      Double pusher,
      String pusherBasis) {}
}
