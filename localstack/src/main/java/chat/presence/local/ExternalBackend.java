package chat.presence.local;

import java.net.URI;

/**
 * DynamoDB and SQS endpoints that run on their own, which the local runtime uses instead of
 * starting dynalite and ElasticMQ: LocalStack's, for one. The runtime creates its tables and queues
 * there, emptied, and leaves the endpoints running when it stops.
 */
public record ExternalBackend(URI dynamodb, URI sqs) {
  /** LocalStack's edge endpoint, which serves both. */
  public static final URI LOCALSTACK_DEFAULT = URI.create("http://localhost:4566");

  public static ExternalBackend localStack(URI endpoint) {
    return new ExternalBackend(endpoint, endpoint);
  }
}
