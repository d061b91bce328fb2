package chat.presence.bench.measure;

import chat.presence.local.sqs.QueueBacklog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Samples the routing queue's backlog once a second: messages waiting, and received but not deleted. */
public final class QueueBacklogSampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueBacklogSampler.class);

  /** One sample; {@code second} counts from the start of sampling. */
  public record Sample(long second, String phase, long waiting, long inFlight) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-queue-sampler");
            thread.setDaemon(true);
            return thread;
          });
  private final long startNanos = System.nanoTime();
  private volatile String phase = "setup";
  private volatile long latestWaiting;

  public QueueBacklogSampler(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /** Labels the samples that follow. */
  public void phase(String phase) {
    this.phase = phase;
  }

  public long latestWaiting() {
    return latestWaiting;
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  private void sample() {
    try {
      QueueBacklog backlog = QueueBacklog.of(sqs, queueUrl);
      latestWaiting = backlog.waiting();
      long second = Math.round((System.nanoTime() - startNanos) / 1e9);
      samples.add(new Sample(second, phase, backlog.waiting(), backlog.inFlight()));
    } catch (RuntimeException e) {
      LOG.warn("sampling the routing queue failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
