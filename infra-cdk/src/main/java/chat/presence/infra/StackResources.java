package chat.presence.infra;

import chat.presence.model.schema.TableSpec;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** The ARNs that {@link Permission}s name, resolved against the resources of one stack. */
record StackResources(
    PresenceTables tables,
    RoutingQueues queues,
    Optional<ISecret> jwtSecret,
    WebSocketApi api,
    String stage) {

  String tableArn(TableSpec table) {
    return tables.get(table).getTableArn();
  }

  String indexArn(TableSpec table, String indexName) {
    boolean known =
        table.globalIndexes().stream().anyMatch(index -> index.name().equals(indexName));
    if (!known) {
      throw new IllegalArgumentException(table.logicalName() + " has no index " + indexName);
    }
    return tableArn(table) + "/index/" + indexName;
  }

  String routingQueueArn() {
    return queues.queue().getQueueArn();
  }

  String timerQueueArn() {
    return queues.timers().getQueueArn();
  }

  String deadLetterQueueArn() {
    return queues.deadLetterQueue().getQueueArn();
  }

  Optional<String> jwtSecretArn() {
    return jwtSecret.map(ISecret::getSecretArn);
  }

  /** arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/@connections/* */
  String connectionsArn(String httpMethod) {
    return Stack.of(api)
        .formatArn(
            ArnComponents.builder()
                .service("execute-api")
                .resource(api.getApiId())
                .resourceName(stage + "/" + httpMethod + "/@connections/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
  }
}
