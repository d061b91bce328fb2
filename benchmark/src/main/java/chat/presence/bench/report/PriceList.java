package chat.presence.bench.report;

import java.util.List;

/**
 * The list prices the estimates use, each with where it is published and when it was known: not
 * fetched live (the benchmark runs offline), and to be checked against the vendors' pages before any
 * decision. AWS prices are us-east-1, on demand; free tiers and volume discounts are left out.
 */
public final class PriceList {
  private PriceList() {}

  /** One price as the report states it. */
  public record Price(String item, String price, String source, String asOf) {
    public String line() {
      return item + ": " + price + " (" + source + "; " + asOf + ")";
    }
  }

  static final String KNOWN_2025 = "as known in 2025, not verified live";

  /** DynamoDB on-demand, per million write request units. */
  public static final double DYNAMODB_WRITE_PER_MILLION = 0.625;
  /** DynamoDB on-demand, per million read request units. */
  public static final double DYNAMODB_READ_PER_MILLION = 0.125;
  /** API Gateway WebSocket, per million messages (first billion a month; metered in 32 KB units). */
  public static final double WEBSOCKET_MESSAGES_PER_MILLION = 1.00;
  /** API Gateway WebSocket, per million connection minutes. */
  public static final double WEBSOCKET_CONNECTION_MINUTES_PER_MILLION = 0.25;
  /** Lambda, per million requests (both architectures). */
  public static final double LAMBDA_REQUESTS_PER_MILLION = 0.20;
  /** Lambda on Arm (Graviton), per GB-second, first 7.5 billion GB-s a month: what the stack deploys. */
  public static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
  /** Lambda on x86, per GB-second, first 6 billion GB-s a month: for comparison only. */
  public static final double LAMBDA_X86_GB_SECOND = 0.0000166667;
  /** SQS FIFO, per million requests (each 64 KB chunk of a request is one). */
  public static final double SQS_FIFO_REQUESTS_PER_MILLION = 0.50;
  /** SQS standard, per million requests: the offer timers' queue. */
  public static final double SQS_STANDARD_REQUESTS_PER_MILLION = 0.40;
  /** CloudWatch Logs, Lambda logs (vended, Standard class) ingested, per GB: the first 10 TB tier. */
  public static final double CLOUDWATCH_LOGS_INGESTION_PER_GB = 0.50;

  public static final List<Price> AWS =
      List.of(
          new Price(
              "DynamoDB on-demand",
              String.format("$%.3f per million write request units, $%.3f per million read request units", DYNAMODB_WRITE_PER_MILLION, DYNAMODB_READ_PER_MILLION),
              "https://aws.amazon.com/dynamodb/pricing/on-demand/",
              "after the price reduction of 1 November 2024; " + KNOWN_2025),
          new Price(
              "API Gateway WebSocket",
              String.format(
                  "$%.2f per million messages (32 KB units, both directions), $%.2f per million connection minutes",
                  WEBSOCKET_MESSAGES_PER_MILLION, WEBSOCKET_CONNECTION_MINUTES_PER_MILLION),
              "https://aws.amazon.com/api-gateway/pricing/",
              KNOWN_2025),
          new Price(
              "Lambda",
              String.format(
                  "$%.2f per million requests; $%.10f per GB-second on Arm (deployed: 1024 MB arm64), $%.10f on x86",
                  LAMBDA_REQUESTS_PER_MILLION, LAMBDA_ARM_GB_SECOND, LAMBDA_X86_GB_SECOND),
              "https://aws.amazon.com/lambda/pricing/ (first tier of each architecture); SnapStart on Java runtimes"
                  + " has no caching or restore charge",
              KNOWN_2025),
          new Price(
              "SQS",
              String.format(
                  "$%.2f per million FIFO requests, $%.2f per million standard requests (64 KB chunks)",
                  SQS_FIFO_REQUESTS_PER_MILLION, SQS_STANDARD_REQUESTS_PER_MILLION),
              "https://aws.amazon.com/sqs/pricing/",
              KNOWN_2025),
          new Price(
              "CloudWatch Logs, Lambda logs",
              String.format("$%.2f per GB ingested (Standard class, first 10 TB a month)", CLOUDWATCH_LOGS_INGESTION_PER_GB),
              "https://aws.amazon.com/cloudwatch/pricing/ (Lambda logs are priced as tiered vended logs since"
                  + " 1 May 2025; the first tier is the earlier flat price)",
              KNOWN_2025));

  public static final String ABLY_AS_OF =
      "Ably per-minute pricing as known in 2025 (Standard package; https://ably.com/pricing); not verified live";
  /** Standard package base fee; up to 10,000 concurrent connections. */
  public static final double ABLY_STANDARD_MONTHLY = 29;
  public static final int ABLY_STANDARD_MAX_CONNECTIONS = 10_000;
  /** Pro package base fee, for more than the Standard package's connections. */
  public static final double ABLY_PRO_MONTHLY = 399;
  public static final double ABLY_MESSAGES_PER_MILLION = 2.50;
  public static final double ABLY_CONNECTION_MINUTES_PER_MILLION = 1.00;
  public static final double ABLY_CHANNEL_MINUTES_PER_MILLION = 1.00;

  public static final String PUSHER_AS_OF =
      "Pusher Channels plans as known in 2025 (https://pusher.com/channels/pricing/; monthly plans by peak"
          + " concurrent connections and messages a day); not verified live";

  /** A Pusher Channels plan. */
  public record PusherPlan(String name, double monthly, int connections, long messagesPerDay) {}

  public static final List<PusherPlan> PUSHER_PLANS =
      List.of(
          new PusherPlan("Startup", 49, 500, 1_000_000),
          new PusherPlan("Pro", 99, 2_000, 4_000_000),
          new PusherPlan("Business", 299, 5_000, 10_000_000),
          new PusherPlan("Premium", 499, 10_000, 20_000_000));
}
