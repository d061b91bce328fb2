package chat.presence.infra;

import chat.presence.model.schema.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * One IAM grant stated in terms of the backend's resources. The ARNs are resolved only when the
 * stack is built, so {@link HandlerPermissions} reads like the access table it is.
 */
record Permission(
    List<String> actions,
    Function<StackResources, List<String>> resources,
    Map<String, Object> conditions) {

  static Permission onTable(TableSpec table, String... dynamoDbOperations) {
    return new Permission(
        dynamoDb(dynamoDbOperations), stack -> List.of(stack.tableArn(table)), Map.of());
  }

  static Permission onIndex(TableSpec table, String indexName, String... dynamoDbOperations) {
    return new Permission(
        dynamoDb(dynamoDbOperations), stack -> List.of(stack.indexArn(table, indexName)), Map.of());
  }

  /** Posting to, reading or dropping WebSocket connections through the @connections API. */
  static Permission manageConnections(String... httpMethods) {
    return new Permission(
        List.of("execute-api:ManageConnections"),
        stack -> Arrays.stream(httpMethods).map(stack::connectionsArn).toList(),
        Map.of());
  }

  static Permission sendRoutingEvents() {
    return new Permission(
        List.of("sqs:SendMessage"), stack -> List.of(stack.routingQueueArn()), Map.of());
  }

  /**
   * The router's backoff: a message it failed on is made visible again soon
   * (ChangeMessageVisibility) instead of after the queue's whole visibility timeout. The router
   * sends no routing events.
   */
  static Permission retryRoutingEvents() {
    return new Permission(
        List.of("sqs:ChangeMessageVisibility"),
        stack -> List.of(stack.routingQueueArn()),
        Map.of());
  }

  /** Setting a timer (an offer's expiry, a grace period, a wait's limit): a delayed message. */
  static Permission scheduleTimers() {
    return new Permission(
        List.of("sqs:SendMessage"), stack -> List.of(stack.timerQueueArn()), Map.of());
  }

  static Permission readDeadLetterQueueDepth() {
    return new Permission(
        List.of("sqs:GetQueueAttributes"), stack -> List.of(stack.deadLetterQueueArn()), Map.of());
  }

  /** Nothing to grant when tokens are verified with a JWKS URL instead of a stored secret. */
  static Permission readJwtSecret() {
    return new Permission(
        List.of("secretsmanager:GetSecretValue"),
        stack -> stack.jwtSecretArn().stream().toList(),
        Map.of());
  }

  Optional<PolicyStatement> toStatement(StackResources stack) {
    List<String> arns = resources.apply(stack);
    if (arns.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PolicyStatement.Builder.create()
            .effect(Effect.ALLOW)
            .actions(actions)
            .resources(arns)
            .conditions(conditions.isEmpty() ? null : conditions)
            .build());
  }

  private static List<String> dynamoDb(String... operations) {
    return Arrays.stream(operations).map(operation -> "dynamodb:" + operation).toList();
  }
}
