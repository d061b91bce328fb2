package chat.presence.local.conformance;

import static chat.presence.local.conformance.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.local.conformance.FifoQueueDriver.Got;
import chat.presence.local.conformance.FifoQueueDriver.Quirk;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The behaviour of an SQS FIFO queue with a dead-letter queue that the routing relies on, as one
 * set of scenarios run against the fake ({@code FakeFifoQueue}) and against ElasticMQ, which the
 * local runtime uses: a difference between them fails one of the two suites. Where ElasticMQ is
 * known to differ from SQS, the scenario states both outcomes ({@link Quirk}).
 *
 * <p>Needs a visibility timeout of at least 1 s and a maxReceiveCount of at least 2.
 */
abstract class FifoQueueContract {
  private FifoQueueDriver queue;

  /** A fresh, empty queue for one scenario. */
  protected abstract FifoQueueDriver startQueue() throws Exception;

  @BeforeEach
  void startDriver() throws Exception {
    queue = startQueue();
    assertThat(queue.visibilityTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(queue.maxReceiveCount()).isGreaterThanOrEqualTo(2);
  }

  @AfterEach
  void stopDriver() {
    queue.close();
  }

  @Test
  void messagesOfAGroupAreReceivedInTheOrderSentAndOneReceiveTakesSeveralGroups() {
    queue.send("A", "a1", "a1");
    queue.send("B", "b1", "b1");
    queue.send("A", "a2", "a2");
    queue.send("B", "b2", "b2");
    queue.send("A", "a3", "a3");

    List<Got> batch = queue.receive(10);

    assertThat(bodies(batch, "A")).containsExactly("a1", "a2", "a3");
    assertThat(bodies(batch, "B")).containsExactly("b1", "b2");
    assertThat(batch).hasSize(5);
    batch.forEach(got -> queue.delete(got.receiptHandle()));

    queue.send("A", "a4", "a4");
    queue.send("A", "a5", "a5");
    Got first = single(queue.receive(1));
    assertThat(first.body()).isEqualTo("a4");
    queue.delete(first.receiptHandle());
    assertThat(single(queue.receive(1)).body()).isEqualTo("a5");
  }

  @Test
  void aGroupIsWithheldWhileOneOfItsMessagesIsInFlightOtherGroupsAreNot() {
    queue.send("A", "a1", "a1");
    queue.send("A", "a2", "a2");
    Got a1 = single(queue.receive(1));
    assertThat(a1.body()).isEqualTo("a1");

    queue.send("B", "b1", "b1");
    List<Got> meanwhile = queue.receive(10);
    assertThat(meanwhile).extracting(Got::body).containsExactly("b1");
    assertThat(queue.receive(10)).as("both groups in flight").isEmpty();
    assertThat(queue.inFlight()).isEqualTo(2);
    assertThat(queue.depth()).isEqualTo(3);

    queue.delete(a1.receiptHandle());
    assertThat(queue.receive(10)).extracting(Got::body).containsExactly("a2");
  }

  @Test
  void aDeduplicationIdSeenWithinTheWindowIsAcceptedButNotEnqueuedAgain() {
    String first = queue.send("A", "same", "first");
    String again = queue.send("A", "same", "second");

    assertThat(again).as("the first message's id").isEqualTo(first);
    Got got = single(queue.receive(10));
    assertThat(got.body()).isEqualTo("first");
    queue.delete(got.receiptHandle());

    assertThat(queue.send("A", "same", "third")).as("deleted, still deduplicated").isEqualTo(first);
    assertThat(queue.receive(10)).isEmpty();
    assertThat(queue.depth()).isZero();
  }

  @Test
  void publishingAnEventUsesItsSiteAsGroupAndItsDeduplicationId() {
    var requested = new RoutingEvent.ChatRequested("site-1", "chat-1");
    var other = new RoutingEvent.ChatRequested("site-2", "chat-2");

    queue.routingQueue().publish(requested);
    queue.routingQueue().publish(requested);
    queue.routingQueue().publish(other);

    List<Got> batch = queue.receive(10);
    assertThat(batch).hasSize(2);
    Got got = batch.stream().filter(g -> g.groupId().equals("site-1")).findFirst().orElseThrow();
    assertThat(RoutingEventCodec.decode(got.body())).isEqualTo(requested);
    assertThat(got.attributes())
        .containsEntry("MessageGroupId", "site-1")
        .containsEntry("MessageDeduplicationId", requested.deduplicationId())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsKeys("SentTimestamp", "SequenceNumber", "ApproximateFirstReceiveTimestamp");
    assertThat(Long.parseLong(got.attributes().get("SentTimestamp"))).isPositive();
  }

  @Test
  void whenTheVisibilityTimeoutPassesTheMessageIsReceivedAgainWithAHigherCount()
      throws InterruptedException {
    queue.send("A", "a1", "a1");
    Got first = single(queue.receive(10));
    assertThat(first.receiveCount()).isEqualTo(1);
    assertThat(queue.receive(10)).as("in flight").isEmpty();

    queue.advance(queue.visibilityTimeout());

    Got second = single(queue.receive(10));
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.receiveCount()).isEqualTo(2);
    assertThat(second.attributes()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
  }

  @Test
  void retryAfterZeroMakesTheMessageVisibleAtOnce() {
    queue.routingQueue().publish(new RoutingEvent.ChatEnded("site-1", "chat-1"));
    Got first = single(queue.receive(10));

    queue.routingQueue().retryAfter(first.receiptHandle(), Duration.ZERO);

    Got second = single(queue.receive(10));
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.receiveCount()).isEqualTo(2);
  }

  @Test
  void retryAfterADelayHoldsTheGroupForThatLongInWholeSeconds() throws InterruptedException {
    queue.routingQueue().publish(new RoutingEvent.ChatEnded("site-1", "chat-1"));
    queue.routingQueue().publish(new RoutingEvent.ChatEnded("site-1", "chat-2"));
    Got first = single(queue.receive(1));

    // 1.5 s is sent as 2 s: the API takes whole seconds, and a backoff is never cut short.
    queue.routingQueue().retryAfter(first.receiptHandle(), Duration.ofMillis(1500));
    assertThat(queue.receive(10)).as("the site waits").isEmpty();
    queue.advance(Duration.ofSeconds(1));
    assertThat(queue.receive(10)).as("the site still waits after 1 s").isEmpty();
    queue.advance(Duration.ofSeconds(1));

    List<Got> batch = queue.receive(10);
    assertThat(batch).extracting(Got::messageId).first().isEqualTo(first.messageId());
    assertThat(batch).hasSize(2);
  }

  @Test
  void deleteRemovesTheMessageAndItsReceiptHandleIsSpent() throws InterruptedException {
    queue.send("A", "a1", "a1");
    Got got = single(queue.receive(10));
    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.inFlight()).isEqualTo(1);

    queue.delete(got.receiptHandle());

    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isZero();
    queue.advance(queue.visibilityTimeout());
    assertThat(queue.receive(10)).isEmpty();
    assertThatThrownBy(() -> queue.delete(got.receiptHandle()))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
    assertThatThrownBy(() -> queue.changeVisibility(got.receiptHandle(), Duration.ZERO))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
  }

  @Test
  void aReceiptHandleSupersededByALaterReceiveIsRefused() throws InterruptedException {
    queue.send("A", "a1", "a1");
    Got first = single(queue.receive(10));
    queue.advance(queue.visibilityTimeout());
    Got second = single(queue.receive(10));

    assertThatThrownBy(() -> queue.delete(first.receiptHandle()))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
    assertThatThrownBy(() -> queue.changeVisibility(first.receiptHandle(), Duration.ZERO))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
    assertThat(queue.receive(10)).as("still in flight under the new handle").isEmpty();

    queue.delete(second.receiptHandle());
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aReceiptHandleWhoseVisibilityTimeoutPassedIsRefusedBySqs() throws InterruptedException {
    queue.send("A", "a1", "a1");
    Got got = single(queue.receive(10));
    queue.advance(queue.visibilityTimeout());

    if (queue.quirks().contains(Quirk.EXPIRED_RECEIPT_HANDLES_STILL_WORK)) {
      queue.delete(got.receiptHandle());
      assertThat(queue.depth()).isZero();
    } else {
      assertThatThrownBy(() -> queue.delete(got.receiptHandle()))
          .isInstanceOfSatisfying(
              SqsException.class,
              refused ->
                  assertThat(refused.awsErrorDetails().errorCode())
                      .isEqualTo("InvalidParameterValue"));
      assertThatThrownBy(() -> queue.changeVisibility(got.receiptHandle(), Duration.ofSeconds(30)))
          .isInstanceOf(SqsException.class);
      assertThat(queue.depth()).isEqualTo(1);
      assertThat(single(queue.receive(10)).receiveCount()).isEqualTo(2);
    }
  }

  @Test
  void aGroupsFirstMessageVisibleAgainWhileALaterOneIsInFlight() {
    queue.send("A", "a1", "a1");
    queue.send("A", "a2", "a2");
    List<Got> both = queue.receive(10);
    assertThat(both).extracting(Got::body).containsExactly("a1", "a2");

    queue.changeVisibility(both.get(0).receiptHandle(), Duration.ZERO);

    List<Got> again = queue.receive(10);
    if (queue.quirks().contains(Quirk.GROUP_HEAD_RECEIVED_WHILE_A_LATER_MESSAGE_IS_IN_FLIGHT)) {
      assertThat(again).extracting(Got::body).containsExactly("a1");
    } else {
      assertThat(again).as("a2 is still in flight").isEmpty();
    }
  }

  @Test
  void afterMaxReceiveCountReceivesTheMessageMovesToTheDeadLetterQueueAndItsGroupGoesOn()
      throws InterruptedException {
    queue.send("A", "a1", "poison");
    queue.send("A", "a2", "a2");
    for (int receive = 1; receive <= queue.maxReceiveCount(); receive++) {
      Got got = single(queue.receive(1));
      assertThat(got.body()).isEqualTo("poison");
      assertThat(got.receiveCount()).isEqualTo(receive);
      queue.advance(queue.visibilityTimeout());
    }

    List<Got> next = queue.receive(10);

    assertThat(next).extracting(Got::body).containsExactly("a2");
    eventually(() -> assertThat(queue.deadLetterBodies()).containsExactly("poison"));
    assertThat(queue.depth()).isEqualTo(1);
  }

  @Test
  void aMovedMessageTakesItsPlaceInTheReceive() throws InterruptedException {
    queue.send("A", "a1", "poison");
    queue.send("A", "a2", "a2");
    for (int receive = 1; receive <= queue.maxReceiveCount(); receive++) {
      single(queue.receive(1));
      queue.advance(queue.visibilityTimeout());
    }

    assertThat(queue.receive(1)).as("the one place went to the move").isEmpty();

    assertThat(single(queue.receive(1)).body()).isEqualTo("a2");
    eventually(() -> assertThat(queue.deadLetterBodies()).containsExactly("poison"));
  }

  private static List<String> bodies(List<Got> batch, String group) {
    return batch.stream().filter(got -> got.groupId().equals(group)).map(Got::body).toList();
  }

  private static Got single(List<Got> batch) {
    assertThat(batch).hasSize(1);
    return batch.get(0);
  }
}
