package chat.presence.local.emulator;

import chat.presence.model.schema.QueueSpec;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS for the local runtime: ElasticMQ embedded in this JVM on a free loopback port, in memory. */
public final class SqsEmulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqsEmulator.class);
  private static final String HOST = "127.0.0.1";

  /** ElasticMQ, when this runtime started it. */
  private final Optional<SQSRestServer> server;
  private final URI endpoint;
  private final SqsClient client;

  private SqsEmulator(Optional<SQSRestServer> server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client = LocalClients.sqs(endpoint);
  }

  /** Starts ElasticMQ and returns once it listens. */
  public static SqsEmulator start() {
    SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface(HOST).start();
    int port = server.waitUntilStarted().localAddress().getPort();
    URI endpoint = URI.create("http://" + HOST + ":" + port);
    log.info("ElasticMQ listening at {}", endpoint);
    return new SqsEmulator(Optional.of(server), endpoint);
  }

  /** An SQS endpoint that runs on its own, such as LocalStack's: used, never stopped. */
  public static SqsEmulator external(URI endpoint) {
    return new SqsEmulator(Optional.empty(), endpoint);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The emulator's client; closed by {@link #close()}. */
  public SqsClient client() {
    return client;
  }

  /**
   * Creates the FIFO dead-letter queue, then the FIFO queue that moves a message there once it has
   * been received {@code maxReceiveCount} times. The caller chooses the timing, so that tests can
   * use shorter timeouts than the deployed stack.
   */
  public QueueUrls createQueues(QueueSpec spec, int visibilityTimeoutSeconds, int maxReceiveCount) {
    String deadLetterUrl = createFifoQueue(spec.deadLetterName(), Map.of());
    String deadLetterArn = arnOf(deadLetterUrl);
    String redrivePolicy =
        String.format(
            "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":%d}",
            deadLetterArn, maxReceiveCount);
    String url =
        createFifoQueue(
            spec.name(),
            Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy));
    return new QueueUrls(url, arnOf(url), deadLetterUrl, deadLetterArn);
  }

  /** A standard queue, for messages that must wait (their delay is set per message). */
  public String createStandardQueue(String name) {
    return emptied(client.createQueue(r -> r.queueName(name)).queueUrl());
  }

  /** The ARN of a queue of this emulator, as an event source names it. */
  public String arnOf(String queueUrl) {
    return client
        .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  @Override
  public void close() {
    client.close();
    server.ifPresent(SQSRestServer::stopAndWait);
  }

  private String createFifoQueue(String name, Map<QueueAttributeName, String> attributes) {
    Map<QueueAttributeName, String> all = new HashMap<>(attributes);
    all.put(QueueAttributeName.FIFO_QUEUE, "true");
    // Every sender names its deduplication id, as the deployed code must.
    all.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    return emptied(client.createQueue(r -> r.queueName(name).attributes(all)).queueUrl());
  }

  /**
   * An external endpoint may hold the queue, with messages, from an earlier run: the runtime starts
   * from empty queues, as it does on its own ElasticMQ.
   */
  private String emptied(String queueUrl) {
    if (server.isEmpty()) {
      client.purgeQueue(r -> r.queueUrl(queueUrl));
    }
    return queueUrl;
  }

}
