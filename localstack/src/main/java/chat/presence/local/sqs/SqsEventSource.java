package chat.presence.local.sqs;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda's SQS event-source mapping for a FIFO queue, with batch item failures reported, on one
 * machine: pollers receive batches, hand each to the function, and delete the records it did not
 * report as failed. Failed records come back after the visibility timeout, and the queue keeps
 * the later messages of their groups behind them. One-shot: start once, stop once.
 */
public final class SqsEventSource {
  private static final Logger log = LoggerFactory.getLogger(SqsEventSource.class);
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final SqsClient sqs;
  private final String queueUrl;
  private final Settings settings;
  private final LambdaRecords records;
  private final FunctionInvoker invoker;
  private final BatchListener listener;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final List<Thread> pollers = new ArrayList<>();

  public SqsEventSource(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Settings settings) {
    this(sqs, queueUrl, queueArn, handler, settings, (batch, outcome) -> {});
  }

  public SqsEventSource(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Settings settings,
      BatchListener listener) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.settings = settings;
    this.records = new LambdaRecords(queueArn);
    this.invoker =
        new FunctionInvoker(handler, settings.functionName(), settings.functionTimeoutSeconds());
    this.listener = listener;
  }

  /** Starts the pollers. */
  public synchronized void start() {
    if (!pollers.isEmpty() || stopRequested.getCount() == 0) {
      throw new IllegalStateException("An event source starts once");
    }
    for (int i = 1; i <= settings.pollers(); i++) {
      Thread poller = new Thread(this::poll, settings.functionName() + "-poller-" + i);
      poller.setDaemon(true);
      pollers.add(poller);
      poller.start();
    }
  }

  /**
   * Stops receiving and returns once the batches in flight are settled, or once they have had a
   * long poll plus the function timeout (and some grace) to do so.
   */
  public synchronized void stop() {
    stopRequested.countDown();
    Instant deadline =
        Instant.now()
            .plusSeconds(settings.waitTimeSeconds() + settings.functionTimeoutSeconds())
            .plus(STOP_GRACE);
    try {
      for (Thread poller : pollers) {
        poller.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
        if (poller.isAlive()) {
          log.warn("{} did not finish its batch in time; leaving it", poller.getName());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      invoker.close();
    }
  }

  private void poll() {
    while (stopRequested.getCount() > 0) {
      try {
        List<Message> messages = receive();
        if (!messages.isEmpty()) {
          settle(records.toEvent(messages));
        }
      } catch (RuntimeException e) {
        log.error("Polling {} failed; retrying in {}", queueUrl, RETRY_AFTER_ERROR, e);
        awaitStop(RETRY_AFTER_ERROR);
      }
    }
  }

  private List<Message> receive() {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(settings.batchSize())
                    .waitTimeSeconds(settings.waitTimeSeconds())
                    .messageSystemAttributeNames(LambdaRecords.SYSTEM_ATTRIBUTES)
                    .messageAttributeNames("All"))
        .messages();
  }

  private void settle(SQSEvent batch) {
    BatchOutcome outcome = invoker.invoke(batch);
    outcome
        .error()
        .ifPresent(
            error ->
                log.error(
                    "{} failed a batch of {} from {}; it will be received again",
                    settings.functionName(),
                    batch.getRecords().size(),
                    queueUrl,
                    error));
    deleteSucceeded(batch, outcome);
    try {
      listener.batchSettled(batch, outcome);
    } catch (RuntimeException e) {
      log.error("A batch listener failed", e);
    }
  }

  private void deleteSucceeded(SQSEvent batch, BatchOutcome outcome) {
    List<DeleteMessageBatchRequestEntry> entries =
        batch.getRecords().stream()
            .filter(r -> outcome.succeeded(r.getMessageId()))
            .map(
                r ->
                    DeleteMessageBatchRequestEntry.builder()
                        .id(r.getMessageId())
                        .receiptHandle(r.getReceiptHandle())
                        .build())
            .toList();
    if (entries.isEmpty()) {
      return;
    }
    sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
        .failed()
        .forEach(
            failure ->
                log.error(
                    "Could not delete message {} from {}: {}",
                    failure.id(),
                    queueUrl,
                    failure.message()));
  }

  private void awaitStop(Duration timeout) {
    try {
      stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How the mapping polls and invokes.
   *
   * @param functionName names the function in its context, logs and threads
   * @param batchSize records per invocation, 1 to 10 (the limit for FIFO queues)
   * @param waitTimeSeconds long-poll wait of each receive, 0 to 20
   * @param pollers concurrent receivers, hence the most message groups handled at once
   * @param functionTimeoutSeconds after which an invocation counts as failed
   */
  public record Settings(
      String functionName,
      int batchSize,
      int waitTimeSeconds,
      int pollers,
      int functionTimeoutSeconds) {

    public Settings {
      requireBetween("batchSize", batchSize, 1, 10);
      requireBetween("waitTimeSeconds", waitTimeSeconds, 0, 20);
      requireBetween("pollers", pollers, 1, Integer.MAX_VALUE);
      requireBetween("functionTimeoutSeconds", functionTimeoutSeconds, 1, 900);
    }

    /** Batches of 10, one-second long polls, two pollers. */
    public static Settings defaults(String functionName, int functionTimeoutSeconds) {
      return new Settings(functionName, 10, 1, 2, functionTimeoutSeconds);
    }

    public Settings withBatchSize(int batchSize) {
      return new Settings(
          functionName, batchSize, waitTimeSeconds, pollers, functionTimeoutSeconds);
    }

    public Settings withPollers(int pollers) {
      return new Settings(
          functionName, batchSize, waitTimeSeconds, pollers, functionTimeoutSeconds);
    }

    private static void requireBetween(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", not " + value);
      }
    }
  }
}
