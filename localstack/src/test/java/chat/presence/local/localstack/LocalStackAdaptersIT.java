package chat.presence.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.local.localstack.LocalStackSchema.RoutingQueue;
import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS APIs the handlers' adapters rely on, against LocalStack: tables and the routing queue
 * created from {@link Schema} as deployed, a conditional write, FIFO delivery, and the compose init
 * script. Needs Docker; without it the class is skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAdaptersIT {
  /** The last release that starts without a LocalStack account; docker-compose.yml pins it too. */
  private static final DockerImageName IMAGE =
      DockerImageName.parse("localstack/localstack:4.14.0");

  private static final String INIT_SCRIPT = "create-presence-resources.sh";

  /** Keeps the resources this test creates apart from those the init script creates. */
  private static final String PREFIX = "adapters-";

  @Container
  private static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(IMAGE)
          .withServices("dynamodb", "sqs")
          .withCopyFileToContainer(
              MountableFile.forHostPath(Path.of("docker", "init", "ready.d", INIT_SCRIPT), 0755),
              "/etc/localstack/init/ready.d/" + INIT_SCRIPT);

  private static DynamoDbClient dynamo;
  private static SqsClient sqs;
  private static RoutingQueue routingQueue;

  @BeforeAll
  static void createSchemaResources() {
    var credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    Region region = Region.of(LOCALSTACK.getRegion());
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(LOCALSTACK.getEndpoint())
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    sqs =
        SqsClient.builder()
            .endpointOverride(LOCALSTACK.getEndpoint())
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    for (TableSpec table : Schema.TABLES) {
      LocalStackSchema.createTable(dynamo, table, PREFIX + table.logicalName());
    }
    routingQueue = LocalStackSchema.createRoutingQueue(sqs, Schema.ROUTING_QUEUE, PREFIX);
  }

  @AfterAll
  static void closeClients() {
    if (dynamo != null) {
      dynamo.close();
    }
    if (sqs != null) {
      sqs.close();
    }
  }

  @Test
  void tablesCreatedFromTheSchemaReadBackAsTheSchema() {
    for (TableSpec table : Schema.TABLES) {
      assertThat(LocalStackSchema.readBack(dynamo, PREFIX + table.logicalName(), table))
          .usingRecursiveComparison()
          .ignoringCollectionOrder()
          .isEqualTo(table);
    }
  }

  @Test
  void aConditionalWriteRefusesASecondConnectionWithTheSameId() {
    String table = PREFIX + Schema.CONNECTIONS.logicalName();
    Map<String, AttributeValue> connection =
        Map.of(
            "connectionId", AttributeValue.fromS("conn-1"),
            "userKey", AttributeValue.fromS("site-1#agent-1"));
    String onlyIfNew = "attribute_not_exists(connectionId)";

    dynamo.putItem(r -> r.tableName(table).item(connection).conditionExpression(onlyIfNew));

    assertThatThrownBy(
            () ->
                dynamo.putItem(
                    r -> r.tableName(table).item(connection).conditionExpression(onlyIfNew)))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void theRoutingQueueDeliversASitesEventsInOrderAndDropsDuplicates() {
    send("site-1", "dedup-1", "first");
    send("site-1", "dedup-2", "second");
    send("site-1", "dedup-1", "first, sent again");

    List<String> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              received.addAll(receiveAndDelete());
              assertThat(received).containsExactly("first", "second");
            });
  }

  @Test
  void theRoutingQueueIsFifoAndRedrivesToItsDeadLetterQueue() {
    assertIsTheRoutingQueue(routingQueue.url(), PREFIX + Schema.ROUTING_QUEUE.deadLetterName());
  }

  @Test
  void theComposeInitScriptCreatesTheSchemaTablesAndQueues() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(LocalStackAdaptersIT::initScriptSucceeded);

    for (TableSpec table : Schema.TABLES) {
      assertThat(LocalStackSchema.readBack(dynamo, table.logicalName(), table))
          .usingRecursiveComparison()
          .ignoringCollectionOrder()
          .isEqualTo(table);
    }
    String queueUrl = sqs.getQueueUrl(r -> r.queueName(Schema.ROUTING_QUEUE.name())).queueUrl();
    assertIsTheRoutingQueue(queueUrl, Schema.ROUTING_QUEUE.deadLetterName());
  }

  private static void assertIsTheRoutingQueue(String queueUrl, String deadLetterQueueName) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
            .attributes();

    assertThat(attributes)
        .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
        .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
        .containsEntry(
            QueueAttributeName.VISIBILITY_TIMEOUT,
            String.valueOf(Schema.ROUTING_QUEUE.visibilityTimeoutSeconds()));
    // The policy is JSON whose count LocalStack may render as a number or a string.
    assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
        .contains(":" + deadLetterQueueName + "\"")
        .containsPattern(
            "\"maxReceiveCount\"\\s*:\\s*\"?"
                + Schema.ROUTING_QUEUE.maxReceiveCount()
                + "\"?[,}\\s]");
  }

  private static void send(String siteId, String deduplicationId, String body) {
    sqs.sendMessage(
        r ->
            r.queueUrl(routingQueue.url())
                .messageGroupId(siteId)
                .messageDeduplicationId(deduplicationId)
                .messageBody(body));
  }

  private static List<String> receiveAndDelete() {
    List<Message> messages =
        sqs.receiveMessage(
                r -> r.queueUrl(routingQueue.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    for (Message message : messages) {
      sqs.deleteMessage(r -> r.queueUrl(routingQueue.url()).receiptHandle(message.receiptHandle()));
    }
    return messages.stream().map(Message::body).toList();
  }

  /** LocalStack reports the ready.d scripts it ran at /_localstack/init/ready. */
  private static boolean initScriptSucceeded() throws Exception {
    URI status = LOCALSTACK.getEndpoint().resolve("/_localstack/init/ready");
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(status).GET().build(), HttpResponse.BodyHandlers.ofString())
            .body()
            .replaceAll("\\s", "");
    return body.contains("\"completed\":true") && body.contains("\"state\":\"SUCCESSFUL\"");
  }
}
