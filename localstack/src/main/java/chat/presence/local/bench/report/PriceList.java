package chat.presence.local.bench.report;

import java.util.List;

/**
 * The list prices the estimates use, as known when this tool was written: not fetched live, and to
 * be checked against the vendors' pages before any decision. Free tiers and volume discounts are
 * left out.
 */
public final class PriceList {
  private PriceList() {}

  public static final String AWS_AS_OF =
      "AWS us-east-1 on-demand list prices as known in 2025 (DynamoDB after its 1 November 2024 on-demand"
          + " price reduction); not verified live";

  /** DynamoDB on-demand, per million write request units. */
  public static final double DYNAMODB_WRITE_PER_MILLION = 0.625;
  /** DynamoDB on-demand, per million read request units. */
  public static final double DYNAMODB_READ_PER_MILLION = 0.125;
  /** API Gateway WebSocket, per million messages (first billion a month; metered in 32 KB units). */
  public static final double WEBSOCKET_MESSAGES_PER_MILLION = 1.00;
  /** API Gateway WebSocket, per million connection minutes. */
  public static final double WEBSOCKET_CONNECTION_MINUTES_PER_MILLION = 0.25;
  /** Lambda, per million requests. */
  public static final double LAMBDA_REQUESTS_PER_MILLION = 0.20;
  /** Lambda x86, per GB-second. */
  public static final double LAMBDA_GB_SECOND = 0.0000166667;
  /** SQS FIFO, per million requests (each 64 KB chunk of a request is one). */
  public static final double SQS_FIFO_REQUESTS_PER_MILLION = 0.50;

  public static final String ABLY_AS_OF =
      "Ably per-minute pricing as known in 2025 (Standard package); not verified live";
  /** Standard package base fee; up to 10,000 concurrent connections. */
  public static final double ABLY_STANDARD_MONTHLY = 29;
  public static final int ABLY_STANDARD_MAX_CONNECTIONS = 10_000;
  /** Pro package base fee, for more than the Standard package's connections. */
  public static final double ABLY_PRO_MONTHLY = 399;
  public static final double ABLY_MESSAGES_PER_MILLION = 2.50;
  public static final double ABLY_CONNECTION_MINUTES_PER_MILLION = 1.00;
  public static final double ABLY_CHANNEL_MINUTES_PER_MILLION = 1.00;

  public static final String PUSHER_AS_OF =
      "Pusher Channels plans as known in 2025 (monthly plans by peak concurrent connections and"
          + " messages a day); not verified live";

  /** A Pusher Channels plan. */
  public record PusherPlan(String name, double monthly, int connections, long messagesPerDay) {}

  public static final List<PusherPlan> PUSHER_PLANS =
      List.of(
          new PusherPlan("Startup", 49, 500, 1_000_000),
          new PusherPlan("Pro", 99, 2_000, 4_000_000),
          new PusherPlan("Business", 299, 5_000, 10_000_000),
          new PusherPlan("Premium", 499, 10_000, 20_000_000));
}
