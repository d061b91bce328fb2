package chat.presence.local.conformance;

import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.aws.SqsRoutingQueue;
import chat.presence.local.emulator.QueueUrls;
import chat.presence.local.emulator.SqsEmulator;
import chat.presence.model.schema.Schema;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link FifoQueueContract} on ElasticMQ, started as the local runtime starts it, with the routing
 * queue and its dead-letter queue created as the local runtime creates them, but with a 2 s
 * visibility timeout and a maxReceiveCount of 2 so that the suite is quick. Publishing and {@code
 * retryAfter} go through {@link SqsRoutingQueue}, as in the deployed handlers; time passes by
 * sleeping.
 */
class ElasticMqFifoQueueContractIT extends FifoQueueContract {
  private static final int VISIBILITY_SECONDS = 2;
  private static final int MAX_RECEIVE_COUNT = 2;

  private static SqsEmulator emulator;

  @BeforeAll
  static void startElasticMq() {
    emulator = SqsEmulator.start();
  }

  @AfterAll
  static void stopElasticMq() {
    emulator.close();
  }

  @Override
  protected FifoQueueDriver startQueue() {
    // Each scenario gets fresh queues: purging would leave deduplication ids behind.
    return new ElasticMqDriver(
        emulator.client(),
        emulator.createQueues(Schema.ROUTING_QUEUE, VISIBILITY_SECONDS, MAX_RECEIVE_COUNT));
  }

  private static final class ElasticMqDriver implements FifoQueueDriver {
    /** Past a deadline by this much, as ElasticMQ compares with its own clock. */
    private static final Duration SLACK = Duration.ofMillis(150);

    private final SqsClient sqs;
    private final QueueUrls queues;
    private final RoutingQueue routingQueue;

    ElasticMqDriver(SqsClient sqs, QueueUrls queues) {
      this.sqs = sqs;
      this.queues = queues;
      this.routingQueue = new SqsRoutingQueue(sqs, queues.url());
    }

    @Override
    public Set<Quirk> quirks() {
      return EnumSet.of(
          Quirk.EXPIRED_RECEIPT_HANDLES_STILL_WORK,
          Quirk.GROUP_HEAD_RECEIVED_WHILE_A_LATER_MESSAGE_IS_IN_FLIGHT);
    }

    @Override
    public RoutingQueue routingQueue() {
      return routingQueue;
    }

    @Override
    public Duration visibilityTimeout() {
      return Duration.ofSeconds(VISIBILITY_SECONDS);
    }

    @Override
    public int maxReceiveCount() {
      return MAX_RECEIVE_COUNT;
    }

    @Override
    public String send(String groupId, String deduplicationId, String body) {
      return sqs.sendMessage(
              r ->
                  r.queueUrl(queues.url())
                      .messageGroupId(groupId)
                      .messageDeduplicationId(deduplicationId)
                      .messageBody(body))
          .messageId();
    }

    @Override
    public List<Got> receive(int max) {
      return sqs
          .receiveMessage(
              r ->
                  r.queueUrl(queues.url())
                      .maxNumberOfMessages(max)
                      .waitTimeSeconds(0)
                      .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
          .messages()
          .stream()
          .map(ElasticMqDriver::got)
          .toList();
    }

    @Override
    public void delete(String receiptHandle) {
      sqs.deleteMessage(r -> r.queueUrl(queues.url()).receiptHandle(receiptHandle));
    }

    @Override
    public void changeVisibility(String receiptHandle, Duration timeout) {
      sqs.changeMessageVisibility(
          r ->
              r.queueUrl(queues.url())
                  .receiptHandle(receiptHandle)
                  .visibilityTimeout((int) timeout.toSeconds()));
    }

    @Override
    public List<String> deadLetterBodies() {
      // A zero visibility timeout leaves them visible: looking does not take them.
      return sqs
          .receiveMessage(
              r -> r.queueUrl(queues.deadLetterUrl()).maxNumberOfMessages(10).visibilityTimeout(0))
          .messages()
          .stream()
          .map(Message::body)
          .toList();
    }

    @Override
    public int depth() {
      Map<QueueAttributeName, String> counts = counts();
      return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          + Integer.parseInt(
              counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public int inFlight() {
      return Integer.parseInt(
          counts().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void advance(Duration duration) throws InterruptedException {
      Thread.sleep(duration.plus(SLACK).toMillis());
    }

    @Override
    public void close() {
      sqs.deleteQueue(r -> r.queueUrl(queues.url()));
      sqs.deleteQueue(r -> r.queueUrl(queues.deadLetterUrl()));
    }

    private Map<QueueAttributeName, String> counts() {
      return sqs.getQueueAttributes(
              r ->
                  r.queueUrl(queues.url())
                      .attributeNames(
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributes();
    }

    private static Got got(Message message) {
      Map<String, String> attributes = message.attributesAsStrings();
      return new Got(
          message.messageId(),
          message.receiptHandle(),
          attributes.get("MessageGroupId"),
          message.body(),
          Integer.parseInt(attributes.get("ApproximateReceiveCount")),
          attributes);
    }
  }
}
