package chat.presence.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.emulator.QueueUrls;
import chat.presence.local.emulator.SqsEmulator;
import chat.presence.model.schema.QueueSpec;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The event source against ElasticMQ, with a one-second visibility timeout unless stated. */
class SqsEventSourceIT {
  private static final int VISIBILITY_SECONDS = 1;
  private static final int MAX_RECEIVES = 2;
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final AtomicInteger queueCount = new AtomicInteger();

  private static SqsEmulator emulator;
  private static SqsClient sqs;

  private final List<SqsEventSource> sources = new ArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private QueueUrls queue;

  /** One record as the function saw it. */
  private record Delivery(String body, int receiveCount) {}

  @BeforeAll
  static void startEmulator() {
    emulator = SqsEmulator.start();
    sqs = emulator.client();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @AfterEach
  void stopSources() {
    sources.forEach(SqsEventSource::stop);
  }

  @Test
  void recordsCarryWhatLambdaPutsIntoAnSqsEvent() {
    List<SQSMessage> seen = new CopyOnWriteArrayList<>();
    queue = newQueue(VISIBILITY_SECONDS);
    start(defaults(), recordEach(record -> seen.add(record)));

    sqs.sendMessage(
        r ->
            r.queueUrl(queue.url())
                .messageGroupId("site-1")
                .messageDeduplicationId("dedup-1")
                .messageBody("{\"chatId\":\"c-1\"}")
                .messageAttributes(
                    Map.of(
                        "origin",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue("test")
                            .build())));

    await().atMost(PATIENCE).until(() -> !seen.isEmpty());
    SQSMessage record = seen.get(0);
    assertThat(record.getBody()).isEqualTo("{\"chatId\":\"c-1\"}");
    assertThat(record.getMessageId()).isNotBlank();
    assertThat(record.getReceiptHandle()).isNotBlank();
    assertThat(record.getMd5OfBody()).hasSize(32);
    assertThat(record.getEventSource()).isEqualTo("aws:sqs");
    assertThat(record.getEventSourceArn()).isEqualTo(queue.arn());
    assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
    assertThat(record.getAttributes())
        .containsEntry("MessageGroupId", "site-1")
        .containsEntry("MessageDeduplicationId", "dedup-1")
        .containsEntry("ApproximateReceiveCount", "1")
        .containsKeys(
            "SequenceNumber", "SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId");
    assertThat(record.getMessageAttributes().get("origin"))
        .satisfies(
            attribute -> {
              assertThat(attribute.getDataType()).isEqualTo("String");
              assertThat(attribute.getStringValue()).isEqualTo("test");
            });
  }

  @Test
  void messagesOfOneGroupAreHandledInSendOrderAcrossBatches() {
    AtomicInteger batches = new AtomicInteger();
    queue = newQueue(VISIBILITY_SECONDS);
    start(
        defaults(),
        (event, context) -> {
          batches.incrementAndGet();
          event.getRecords().forEach(this::record);
          return new SQSBatchResponse(List.of());
        });
    List<String> bodies = IntStream.range(0, 25).mapToObj(i -> "m-" + i).toList();

    sendBatches("site-1", bodies);

    await().atMost(PATIENCE).until(() -> deliveries.size() == bodies.size());
    assertThat(deliveries).extracting(Delivery::body).containsExactlyElementsOf(bodies);
    assertThat(batches).hasValueGreaterThanOrEqualTo(3);
  }

  @Test
  void anotherGroupIsHandledWhileOneGroupIsStuck() throws Exception {
    CountDownLatch stuckEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Longer than the test, so the stuck message is not received again while it is stuck.
    queue = newQueue(30);
    start(
        defaults(),
        recordEach(
            record -> {
              if (record.getBody().equals("a-stuck")) {
                stuckEntered.countDown();
                awaitQuietly(release);
              }
            }));
    try {
      send("site-a", "a-stuck");
      assertThat(stuckEntered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

      send("site-b", "b-1");
      send("site-a", "a-2");
      send("site-b", "b-2");

      await().atMost(PATIENCE).until(() -> bodies().containsAll(List.of("b-1", "b-2")));
      assertThat(bodies()).doesNotContain("a-2");
    } finally {
      release.countDown();
    }
    await().atMost(PATIENCE).until(() -> bodies().contains("a-2"));
  }

  @Test
  void partialBatchFailureRedeliversOnlyTheFailedRecord() {
    queue = newQueue(VISIBILITY_SECONDS);
    start(defaults().withPollers(1), failingOnFirstReceive("b-1"));

    send("site-a", "a-1");
    send("site-b", "b-1");
    send("site-c", "c-1");

    await().atMost(PATIENCE).until(() -> deliveriesOf("b-1") == 2);
    assertThat(deliveries).contains(new Delivery("b-1", 2));
    // A record wrongly left on the queue would have come back with the failed one.
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> deliveriesOf("a-1") == 1 && deliveriesOf("c-1") == 1);
  }

  @Test
  void laterMessagesOfAGroupWaitBehindItsFailedMessage() {
    queue = newQueue(VISIBILITY_SECONDS);
    start(defaults().withBatchSize(1), failingOnFirstReceive("a-1"));

    send("site-a", "a-1");
    send("site-a", "a-2");
    send("site-a", "a-3");

    await().atMost(PATIENCE).until(() -> deliveries.size() == 4);
    assertThat(deliveries)
        .containsExactly(
            new Delivery("a-1", 1),
            new Delivery("a-1", 2),
            new Delivery("a-2", 1),
            new Delivery("a-3", 1));
  }

  @Test
  void whenTheHandlerThrowsEveryRecordOfTheBatchIsReceivedAgain() {
    List<SQSEvent> failedBatches = new CopyOnWriteArrayList<>();
    queue = newQueue(VISIBILITY_SECONDS);
    AtomicInteger invocations = new AtomicInteger();
    start(
        defaults(),
        (event, context) -> {
          event.getRecords().forEach(this::record);
          if (invocations.incrementAndGet() == 1) {
            throw new IllegalStateException("first invocation fails");
          }
          return new SQSBatchResponse(List.of());
        },
        (batch, outcome) -> outcome.error().ifPresent(error -> failedBatches.add(batch)));

    send("site-a", "a-1");
    send("site-a", "a-2");

    await().atMost(PATIENCE).until(() -> !failedBatches.isEmpty());
    List<String> failedBodies =
        failedBatches.get(0).getRecords().stream().map(SQSMessage::getBody).toList();
    await()
        .atMost(PATIENCE)
        .until(() -> failedBodies.stream().allMatch(body -> deliveriesOf(body) == 2));
  }

  @Test
  void invocationOverItsTimeoutFailsTheBatch() {
    List<BatchOutcome> outcomes = new CopyOnWriteArrayList<>();
    queue = newQueue(VISIBILITY_SECONDS);
    start(
        new SqsEventSource.Settings("router", 10, 1, 2, 1),
        recordEach(
            record -> {
              if (record.getAttributes().get("ApproximateReceiveCount").equals("1")) {
                awaitQuietly(new CountDownLatch(1));
              }
            }),
        (batch, outcome) -> outcomes.add(outcome));

    send("site-a", "slow");

    // The outcome is told from the timed-out invocation's thread, which a loaded machine may run
    // after the redelivery: wait for both (an unguarded get(0) failed so under a parallel build).
    await().atMost(PATIENCE).until(() -> deliveries.contains(new Delivery("slow", 2)) && !outcomes.isEmpty());
    assertThat(outcomes.get(0).error()).containsInstanceOf(TimeoutException.class);
  }

  @Test
  void messageThatKeepsFailingMovesToTheDeadLetterQueueWithItsBody() {
    String body = "{\"chatId\":\"c-1\",\"text\":\"h\u00e9llo \u2713\"}";
    queue = newQueue(VISIBILITY_SECONDS);
    start(
        defaults(),
        (event, context) -> {
          event.getRecords().forEach(this::record);
          throw new IllegalStateException("always fails");
        });

    send("site-a", body, "poison");

    List<Message> deadLetters = new CopyOnWriteArrayList<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              deadLetters.addAll(
                  sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterUrl()).waitTimeSeconds(1))
                      .messages());
              return !deadLetters.isEmpty();
            });
    assertThat(deadLetters).singleElement().extracting(Message::body).isEqualTo(body);
    assertThat(deliveries).hasSize(MAX_RECEIVES);
  }

  @Test
  void sameDeduplicationIdWithinTheWindowIsDeliveredOnce() {
    queue = newQueue(VISIBILITY_SECONDS);
    start(defaults(), recordEach(record -> {}));

    send("site-a", "first", "dedup-1");
    send("site-a", "second", "dedup-1");
    send("site-a", "marker", "dedup-2");

    await().atMost(PATIENCE).until(() -> bodies().contains("marker"));
    assertThat(bodies()).containsExactly("first", "marker");
  }

  @Test
  void stopLetsTheBatchInFlightFinishThenReceivesNoMore() {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    queue = newQueue(30);
    SqsEventSource source =
        start(
            defaults(),
            recordEach(
                record -> {
                  entered.countDown();
                  awaitQuietly(release);
                }));
    send("site-a", "in-flight");
    await().atMost(PATIENCE).until(() -> entered.getCount() == 0);

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(source::stop);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !stopped.isDone());
    release.countDown();
    await().atMost(PATIENCE).until(stopped::isDone);

    assertThat(messagesOnQueue()).isZero();
    send("site-a", "after-stop");
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> bodies().equals(List.of("in-flight")));
    assertThat(messagesOnQueue()).isEqualTo(1);
  }

  private SqsEventSource.Settings defaults() {
    return SqsEventSource.Settings.defaults("router", 10);
  }

  private QueueUrls newQueue(int visibilityTimeoutSeconds) {
    String name = "routing-" + queueCount.incrementAndGet();
    QueueSpec spec =
        new QueueSpec(
            name + ".fifo", name + "-dlq.fifo", "UNUSED", MAX_RECEIVES, visibilityTimeoutSeconds);
    return emulator.createQueues(spec, visibilityTimeoutSeconds, MAX_RECEIVES);
  }

  private SqsEventSource start(
      SqsEventSource.Settings settings, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    return start(settings, handler, (batch, outcome) -> {});
  }

  private SqsEventSource start(
      SqsEventSource.Settings settings,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      BatchListener listener) {
    SqsEventSource source =
        new SqsEventSource(sqs, queue.url(), queue.arn(), handler, settings, listener);
    sources.add(source);
    source.start();
    return source;
  }

  /** A handler that records every record, then lets {@code action} handle it. */
  private RequestHandler<SQSEvent, SQSBatchResponse> recordEach(
      Consumer<SQSMessage> action) {
    return (event, context) -> {
      event
          .getRecords()
          .forEach(
              record -> {
                record(record);
                action.accept(record);
              });
      return new SQSBatchResponse(List.of());
    };
  }

  /** A handler that reports the record with {@code body} as failed the first time it sees it. */
  private RequestHandler<SQSEvent, SQSBatchResponse> failingOnFirstReceive(String body) {
    return (event, context) -> {
      List<BatchItemFailure> failures = new ArrayList<>();
      for (SQSMessage record : event.getRecords()) {
        Delivery delivery = record(record);
        if (delivery.equals(new Delivery(body, 1))) {
          failures.add(new BatchItemFailure(record.getMessageId()));
        }
      }
      return new SQSBatchResponse(failures);
    };
  }

  private Delivery record(SQSMessage record) {
    Delivery delivery =
        new Delivery(
            record.getBody(),
            Integer.parseInt(record.getAttributes().get("ApproximateReceiveCount")));
    deliveries.add(delivery);
    return delivery;
  }

  private List<String> bodies() {
    return deliveries.stream().map(Delivery::body).toList();
  }

  private long deliveriesOf(String body) {
    return deliveries.stream().filter(d -> d.body().equals(body)).count();
  }

  private void send(String group, String body) {
    send(group, body, body);
  }

  private void send(String group, String body, String deduplicationId) {
    sqs.sendMessage(
        r ->
            r.queueUrl(queue.url())
                .messageGroupId(group)
                .messageDeduplicationId(deduplicationId)
                .messageBody(body));
  }

  private void sendBatches(String group, List<String> bodies) {
    for (int from = 0; from < bodies.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries =
          bodies.subList(from, Math.min(from + 10, bodies.size())).stream()
              .map(
                  body ->
                      SendMessageBatchRequestEntry.builder()
                          .id(body)
                          .messageGroupId(group)
                          .messageDeduplicationId(body)
                          .messageBody(body)
                          .build())
              .toList();
      sqs.sendMessageBatch(r -> r.queueUrl(queue.url()).entries(entries));
    }
  }

  private int messagesOnQueue() {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queue.url())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
