package chat.presence.local.conformance;

import chat.presence.functions.aws.RoutingQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link FifoQueueContract} needs from an SQS FIFO queue with a dead-letter queue: the
 * handlers' {@link RoutingQueue}, the event source's calls, and the passing of time, driven on a
 * fake (its clock moves) or on ElasticMQ (real sleeps).
 */
interface FifoQueueDriver extends AutoCloseable {
  /**
   * Where ElasticMQ is known to differ from SQS FIFO. The fake follows SQS; the contract expects
   * each driver to behave as its quirks say, so that a change on either side is noticed.
   */
  enum Quirk {
    /**
     * A receipt handle whose visibility timeout has passed, its message not yet received again,
     * still deletes the message and changes its visibility. SQS FIFO refuses it: "The receipt
     * handle has expired" (InvalidParameterValue).
     */
    EXPIRED_RECEIPT_HANDLES_STILL_WORK,
    /**
     * A group's first message that is visible again is received even while a later message of the
     * group is still in flight. SQS FIFO returns nothing of a group while any of its messages is in
     * flight.
     */
    GROUP_HEAD_RECEIVED_WHILE_A_LATER_MESSAGE_IS_IN_FLIGHT
  }

  /** A received message, with the system attributes Lambda's records carry. */
  record Got(
      String messageId,
      String receiptHandle,
      String groupId,
      String body,
      int receiveCount,
      Map<String, String> attributes) {}

  Set<Quirk> quirks();

  /** Publishing and {@code retryAfter} as the handlers do it. */
  RoutingQueue routingQueue();

  Duration visibilityTimeout();

  int maxReceiveCount();

  /** SendMessage; the message id, the first message's for a duplicate. */
  String send(String groupId, String deduplicationId, String body);

  /** ReceiveMessage of at most {@code max} messages, no wait, the queue's visibility timeout. */
  List<Got> receive(int max);

  /** DeleteMessage; throws the SDK's exception when refused. */
  void delete(String receiptHandle);

  /** ChangeMessageVisibility; throws the SDK's exception when refused. */
  void changeVisibility(String receiptHandle, Duration timeout);

  /** The bodies on the dead-letter queue, without taking them. */
  List<String> deadLetterBodies();

  /** Messages visible or in flight. */
  int depth();

  /** Messages in flight. */
  int inFlight();

  /** Lets {@code duration} pass (a little more on a real queue, so that a deadline has passed). */
  void advance(Duration duration) throws InterruptedException;

  @Override
  void close();
}
