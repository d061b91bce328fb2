package chat.presence.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.fakes.FakeFifoQueue;
import chat.presence.functions.fakes.FakeFifoQueue.Received;
import chat.presence.functions.fakes.FakeFifoQueue.Status;
import chat.presence.functions.fakes.IoCall;
import chat.presence.functions.fakes.IoHook;
import chat.presence.model.routing.RoutingEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link FifoQueueContract} on {@link FakeFifoQueue}, on a clock that moves only when the scenario
 * says; plus what only the fake can show in reasonable time (the 5-minute deduplication window,
 * duplicates, hooks, inspection).
 */
class FakeFifoQueueContractTest extends FifoQueueContract {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration VISIBILITY = Duration.ofSeconds(2);
  private static final int MAX_RECEIVE_COUNT = 2;

  @Override
  protected FifoQueueDriver startQueue() {
    return new FakeDriver(new MutableClock(START));
  }

  // ---------------------------------------------------------------------------------------------
  // Beyond the contract

  @Test
  void aDeduplicationIdIsForgottenAfterFiveMinutes() {
    MutableClock clock = new MutableClock(START);
    FakeFifoQueue fake = new FakeFifoQueue(clock, VISIBILITY, MAX_RECEIVE_COUNT);
    String first = fake.send("A", "d", "first");
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(fake.send("A", "d", "within")).isEqualTo(first);

    clock.advance(Duration.ofMillis(1));
    String second = fake.send("A", "d", "after");

    assertThat(second).isNotEqualTo(first);
    assertThat(fake.messages())
        .extracting(FakeFifoQueue.Message::body)
        .containsExactly("first", "after");
    // The window runs from the first send, not from the latest duplicate.
    clock.advance(Duration.ofMinutes(4));
    assertThat(fake.send("A", "d", "again")).isEqualTo(second);
  }

  @Test
  void aDuplicateIsTheSameBodyWithAFreshDeduplicationIdEvenAfterDeletion() {
    FakeFifoQueue fake = new FakeFifoQueue(new MutableClock(START), VISIBILITY, MAX_RECEIVE_COUNT);
    fake.publish(new RoutingEvent.ChatRequested("site-1", "chat-1"));
    Received original = fake.receive(10).get(0);
    fake.delete(original.receiptHandle());

    String copy = fake.duplicate(original.messageId());

    Received replayed = fake.receive(10).get(0);
    assertThat(replayed.messageId()).isEqualTo(copy).isNotEqualTo(original.messageId());
    assertThat(replayed.body()).isEqualTo(original.body());
    assertThat(replayed.groupId()).isEqualTo("site-1");
    assertThat(replayed.deduplicationId()).isNotEqualTo(original.deduplicationId());
    assertThat(fake.message(original.messageId()).orElseThrow().status()).isEqualTo(Status.DELETED);
  }

  @Test
  void theLambdaEventCarriesWhatTheRouterIsGiven() {
    FakeFifoQueue fake = new FakeFifoQueue(new MutableClock(START), VISIBILITY, MAX_RECEIVE_COUNT);
    var event = new RoutingEvent.ChatRequested("site-1", "chat-1");
    fake.publish(event);

    SQSEvent lambda = fake.toLambdaEvent(fake.receive(10));

    SQSEvent.SQSMessage record = lambda.getRecords().get(0);
    assertThat(record.getEventSource()).isEqualTo("aws:sqs");
    assertThat(record.getEventSourceArn())
        .isEqualTo(fake.queueArn())
        .endsWith(":" + fake.queueName());
    assertThat(record.getReceiptHandle()).isNotBlank();
    assertThat(record.getMd5OfBody()).hasSize(32);
    assertThat(record.getAttributes())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsEntry("MessageGroupId", "site-1")
        .containsEntry("MessageDeduplicationId", event.deduplicationId())
        .containsEntry("SentTimestamp", Long.toString(START.toEpochMilli()));
    lambda.getRecords().add(new SQSEvent.SQSMessage()); // mutable, as Lambda's
  }

  @Test
  void inspectionShowsEachMessagesStatus() {
    MutableClock clock = new MutableClock(START);
    FakeFifoQueue fake = new FakeFifoQueue(clock, VISIBILITY, MAX_RECEIVE_COUNT);
    String a1 = fake.send("A", "a1", "a1");
    String a2 = fake.send("A", "a2", "a2");
    String b1 = fake.send("B", "b1", "b1");
    fake.receive(1);

    assertThat(fake.messages())
        .extracting(FakeFifoQueue.Message::messageId, FakeFifoQueue.Message::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(a1, Status.IN_FLIGHT),
            org.assertj.core.groups.Tuple.tuple(a2, Status.VISIBLE),
            org.assertj.core.groups.Tuple.tuple(b1, Status.VISIBLE));
    assertThat(fake.message(a1).orElseThrow().visibleAt()).isEqualTo(START.plus(VISIBILITY));
    clock.advance(VISIBILITY);
    assertThat(fake.message(a1).orElseThrow().status()).isEqualTo(Status.VISIBLE);
    assertThat(fake.inFlight()).isZero();
    assertThat(fake.deadLetters()).isEmpty();
    assertThatThrownBy(() -> fake.receive(11)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHookSeesEveryCallAndItsExceptionsPropagate() {
    FakeFifoQueue fake = new FakeFifoQueue(new MutableClock(START), VISIBILITY, MAX_RECEIVE_COUNT);
    List<IoCall> seen = new ArrayList<>();
    fake.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            seen.add(call);
          }

          @Override
          public void after(IoCall call) {}
        });
    fake.publish(new RoutingEvent.ChatRequested("site-1", "chat-1"));
    Received got = fake.receive(10).get(0);
    fake.retryAfter(got.receiptHandle(), Duration.ZERO);
    Received again = fake.receive(10).get(0);
    fake.delete(again.receiptHandle());

    assertThat(seen)
        .containsExactly(
            new IoCall("sqs", "SendMessage", "site-1", true),
            new IoCall("sqs", "ReceiveMessage", fake.queueName(), true),
            new IoCall("sqs", "ChangeMessageVisibility", got.receiptHandle(), true),
            new IoCall("sqs", "ReceiveMessage", fake.queueName(), true),
            new IoCall("sqs", "DeleteMessage", again.receiptHandle(), true));

    StackOverflowError crash = new StackOverflowError("crashed before sending");
    fake.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            if (call.operation().equals("SendMessage")) {
              throw crash;
            }
          }

          @Override
          public void after(IoCall call) {
            if (call.operation().equals("ReceiveMessage")) {
              throw new IllegalStateException("lost the answer");
            }
          }
        });
    assertThatThrownBy(() -> fake.send("A", "x", "x")).isSameAs(crash);
    assertThat(fake.depth()).isZero();
    fake.duplicate(again.messageId()); // the driver's, not a call: no hook
    assertThatThrownBy(() -> fake.receive(10)).isInstanceOf(IllegalStateException.class);
    assertThat(fake.inFlight()).as("received, though the caller never knew").isEqualTo(1);
  }

  /** The contract's driver on the fake: the clock moves, and nothing is asynchronous. */
  private static final class FakeDriver implements FifoQueueDriver {
    private final MutableClock clock;
    private final FakeFifoQueue fake;

    FakeDriver(MutableClock clock) {
      this.clock = clock;
      this.fake = new FakeFifoQueue(clock, VISIBILITY, MAX_RECEIVE_COUNT);
    }

    @Override
    public Set<Quirk> quirks() {
      return EnumSet.noneOf(Quirk.class);
    }

    @Override
    public RoutingQueue routingQueue() {
      return fake;
    }

    @Override
    public Duration visibilityTimeout() {
      return fake.visibilityTimeout();
    }

    @Override
    public int maxReceiveCount() {
      return fake.maxReceiveCount();
    }

    @Override
    public String send(String groupId, String deduplicationId, String body) {
      return fake.send(groupId, deduplicationId, body);
    }

    @Override
    public List<Got> receive(int max) {
      List<Received> batch = fake.receive(max);
      // What the router would be given: Lambda's records, built by the fake.
      List<SQSEvent.SQSMessage> records = fake.toLambdaEvent(batch).getRecords();
      List<Got> got = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Received received = batch.get(i);
        got.add(
            new Got(
                received.messageId(),
                received.receiptHandle(),
                received.groupId(),
                received.body(),
                received.approximateReceiveCount(),
                records.get(i).getAttributes()));
      }
      return got;
    }

    @Override
    public void delete(String receiptHandle) {
      fake.delete(receiptHandle);
    }

    @Override
    public void changeVisibility(String receiptHandle, Duration timeout) {
      fake.changeVisibility(receiptHandle, timeout);
    }

    @Override
    public List<String> deadLetterBodies() {
      return fake.deadLetters().stream().map(FakeFifoQueue.Message::body).toList();
    }

    @Override
    public int depth() {
      return fake.depth();
    }

    @Override
    public int inFlight() {
      return fake.inFlight();
    }

    @Override
    public void advance(Duration duration) {
      clock.advance(duration);
    }

    @Override
    public void close() {}
  }
}
