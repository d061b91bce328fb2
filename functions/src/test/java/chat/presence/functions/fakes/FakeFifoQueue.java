package chat.presence.functions.fakes;

import chat.presence.functions.aws.RoutingQueue;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingEventCodec;
import chat.presence.model.schema.Schema;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * An SQS FIFO queue with its dead-letter queue, in memory and deterministic, on a {@link Clock}
 * that the driver (the fault-schedule explorer) controls. Handlers publish through {@link
 * RoutingQueue}; the driver plays Lambda's event source: {@link #receive}, {@link #toLambdaEvent},
 * {@link #delete}.
 *
 * <p>As SQS FIFO (queue-scoped deduplication, as the stack configures it):
 *
 * <ul>
 *   <li>Within a message group, messages are received in the order sent. While any message of a
 *       group is in flight (received, not deleted, not yet visible again) no message of that group
 *       is received. One receive may return several messages of a group, in order, and of several
 *       groups.
 *   <li>A deduplication id seen in the last 5 minutes is accepted (answering the first message's
 *       id) but not enqueued again, whether or not that message was deleted since.
 *   <li>Each receive makes a message invisible for the visibility timeout, raises its receive count
 *       and gives it a new receipt handle. A message that has already been received {@code
 *       maxReceiveCount} times is moved to the dead-letter queue when a receive reaches it, instead
 *       of being returned; as in ElasticMQ, it takes the place of a message in that receive.
 *   <li>A receipt handle works (delete, change visibility) only while its message is in flight
 *       under it. A handle superseded by a later receive, or of a deleted message, is refused with
 *       {@link ReceiptHandleIsInvalidException}. A handle whose visibility timeout has passed is
 *       refused with {@code InvalidParameterValue} ("The receipt handle has expired"), as SQS FIFO
 *       does; ElasticMQ accepts it (see the contract suite).
 * </ul>
 *
 * <p>Thread-safe; the {@link IoHook} runs outside the fake's lock, so that a hook may block while
 * other handlers use the fake. Message ids, receipt handles and sequence numbers come from
 * counters, so that a seeded run is reproducible.
 */
public final class FakeFifoQueue implements RoutingQueue {
  /** SQS FIFO's deduplication interval. */
  public static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);

  /** The most messages one ReceiveMessage returns. */
  public static final int MAX_BATCH = 10;

  /** The longest visibility timeout SQS accepts. */
  public static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);

  public static final String SERVICE = "sqs";
  public static final String SEND_MESSAGE = "SendMessage";
  public static final String RECEIVE_MESSAGE = "ReceiveMessage";
  public static final String DELETE_MESSAGE = "DeleteMessage";
  public static final String CHANGE_MESSAGE_VISIBILITY = "ChangeMessageVisibility";

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "000000000000";
  private static final String SENDER_ID = "AIDAFAKEFIFOQUEUE";

  /**
   * One message as a receive returns it: what Lambda's records are built from.
   *
   * @param approximateReceiveCount including this receive
   * @param approximateFirstReceiveTimestamp when it was first received
   */
  public record Received(
      String messageId,
      String receiptHandle,
      String groupId,
      String deduplicationId,
      String body,
      int approximateReceiveCount,
      Instant sentTimestamp,
      Instant approximateFirstReceiveTimestamp,
      String sequenceNumber) {

    /** The record Lambda's SQS event source hands the function for this message. */
    public SQSMessage toSqsMessage(String queueArn) {
      SQSMessage record = new SQSMessage();
      record.setMessageId(messageId);
      record.setReceiptHandle(receiptHandle);
      record.setBody(body);
      record.setMd5OfBody(md5(body));
      Map<String, String> attributes = new HashMap<>();
      attributes.put("ApproximateReceiveCount", Integer.toString(approximateReceiveCount));
      attributes.put("SentTimestamp", Long.toString(sentTimestamp.toEpochMilli()));
      attributes.put("SenderId", SENDER_ID);
      attributes.put(
          "ApproximateFirstReceiveTimestamp",
          Long.toString(approximateFirstReceiveTimestamp.toEpochMilli()));
      attributes.put("SequenceNumber", sequenceNumber);
      attributes.put("MessageGroupId", groupId);
      attributes.put("MessageDeduplicationId", deduplicationId);
      record.setAttributes(attributes);
      record.setMessageAttributes(new HashMap<>());
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(REGION);
      return record;
    }
  }

  /** Where a message is. */
  public enum Status {
    /** Can be received now (unless an earlier one of its group is in flight). */
    VISIBLE,
    /** Received and not deleted, invisible until {@link Message#visibleAt()}. */
    IN_FLIGHT,
    DELETED,
    DEAD_LETTERED
  }

  /** A message as an invariant checker sees it. */
  public record Message(
      String messageId,
      String groupId,
      String deduplicationId,
      String body,
      Instant sentTimestamp,
      int receiveCount,
      Status status,
      Instant visibleAt,
      String sequenceNumber) {}

  private final Clock clock;
  private final Duration visibilityTimeout;
  private final int maxReceiveCount;
  private final String queueName;

  // All guarded by this.
  private final Map<String, Entry> queued = new LinkedHashMap<>(); // by message id, in send order
  private final Map<String, Entry> everSent = new HashMap<>(); // by message id
  private final Map<String, Entry> byReceipt = new HashMap<>(); // latest receipt of each message
  private final Map<String, Deduplication> deduplication = new HashMap<>();
  private final List<Entry> deadLetters = new ArrayList<>();
  private long sequence;
  private long receipts;
  private long duplicates;

  private volatile IoHook hook = IoHook.NONE;

  /**
   * @param visibilityTimeout how long a received message stays invisible
   * @param maxReceiveCount the redrive policy's: a message received this many times moves to the
   *     dead-letter queue at its next receive
   */
  public FakeFifoQueue(Clock clock, Duration visibilityTimeout, int maxReceiveCount) {
    this(clock, visibilityTimeout, maxReceiveCount, Schema.ROUTING_QUEUE.name());
  }

  public FakeFifoQueue(
      Clock clock, Duration visibilityTimeout, int maxReceiveCount, String queueName) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(MAX_VISIBILITY_TIMEOUT) > 0) {
      throw new IllegalArgumentException("visibility timeout out of range: " + visibilityTimeout);
    }
    if (maxReceiveCount < 1) {
      throw new IllegalArgumentException("maxReceiveCount must be positive: " + maxReceiveCount);
    }
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceiveCount = maxReceiveCount;
    this.queueName = Objects.requireNonNull(queueName, "queueName");
  }

  /** Called before and after each SQS call (not the driver's inspection); exceptions propagate. */
  public void setHook(IoHook hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
  }

  public String queueName() {
    return queueName;
  }

  public String queueArn() {
    return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName;
  }

  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  public int maxReceiveCount() {
    return maxReceiveCount;
  }

  // ---------------------------------------------------------------------------------------------
  // RoutingQueue: what the handlers call

  /** As {@code SqsRoutingQueue}: group = site, deduplication id from the event, JSON body. */
  @Override
  public void publish(RoutingEvent event) {
    send(event.siteId(), event.deduplicationId(), RoutingEventCodec.encode(event));
  }

  /**
   * ChangeMessageVisibility, as {@code SqsRoutingQueue} calls it: the delay in whole seconds
   * (rounded up, at least 0); the message becomes visible at now + that.
   */
  @Override
  public void retryAfter(String receiptHandle, Duration delay) {
    changeVisibility(receiptHandle, Duration.ofSeconds(Math.max(0, (delay.toMillis() + 999) / 1000)));
  }

  // ---------------------------------------------------------------------------------------------
  // SQS calls: the handlers' (through RoutingQueue) and the event source's (the driver)

  /**
   * SendMessage.
   *
   * @return the message id; for a duplicate within the deduplication window, the first message's
   */
  public String send(String groupId, String deduplicationId, String body) {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
    Objects.requireNonNull(body, "body");
    IoCall call = new IoCall(SERVICE, SEND_MESSAGE, groupId, true);
    IoHook current = hook;
    current.before(call);
    String messageId;
    synchronized (this) {
      messageId = sendLocked(groupId, deduplicationId, body);
    }
    current.after(call);
    return messageId;
  }

  /**
   * ReceiveMessage of up to {@code max} messages (1 to 10), with no wait: see the class comment.
   */
  public List<Received> receive(int max) {
    if (max < 1 || max > MAX_BATCH) {
      throw new IllegalArgumentException("max must be between 1 and " + MAX_BATCH + ": " + max);
    }
    IoCall call = new IoCall(SERVICE, RECEIVE_MESSAGE, queueName, true);
    IoHook current = hook;
    current.before(call);
    List<Received> batch;
    synchronized (this) {
      batch = receiveLocked(max);
    }
    current.after(call);
    return batch;
  }

  /** DeleteMessage; refused for a receipt handle that is not in flight (see the class comment). */
  public void delete(String receiptHandle) {
    IoCall call = new IoCall(SERVICE, DELETE_MESSAGE, receiptHandle, true);
    IoHook current = hook;
    current.before(call);
    synchronized (this) {
      Entry entry = inFlightUnder(receiptHandle);
      entry.status = Status.DELETED;
      queued.remove(entry.messageId);
    }
    current.after(call);
  }

  /**
   * ChangeMessageVisibility: the message becomes visible at now + {@code timeout}; zero makes it
   * visible at once. Refused for a receipt handle that is not in flight.
   */
  public void changeVisibility(String receiptHandle, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    IoCall call = new IoCall(SERVICE, CHANGE_MESSAGE_VISIBILITY, receiptHandle, true);
    IoHook current = hook;
    current.before(call);
    synchronized (this) {
      if (timeout.isNegative() || timeout.compareTo(MAX_VISIBILITY_TIMEOUT) > 0) {
        throw invalidParameter("Value " + timeout.toSeconds() + " for parameter VisibilityTimeout");
      }
      inFlightUnder(receiptHandle).visibleAt = now().plus(timeout);
    }
    current.after(call);
  }

  // ---------------------------------------------------------------------------------------------
  // The driver

  /**
   * Lambda's SQS event for a received batch, with the system attributes Lambda gives each record of
   * a FIFO queue ({@code ApproximateReceiveCount}, {@code SentTimestamp}, {@code MessageGroupId},
   * {@code MessageDeduplicationId}, ...). Lists and maps are mutable, as in the event the Lambda
   * runtime deserializes.
   */
  public SQSEvent toLambdaEvent(List<Received> batch) {
    SQSEvent event = new SQSEvent();
    List<SQSMessage> records = new ArrayList<>();
    for (Received received : batch) {
      records.add(received.toSqsMessage(queueArn()));
    }
    event.setRecords(records);
    return event;
  }

  /**
   * Sends a message's body to its group again with a fresh deduplication id, as a producer's retry
   * or a replay after the deduplication window looks; the original may be deleted already. Not a
   * handler's call, so the hook does not see it.
   *
   * @return the new message's id
   */
  public synchronized String duplicate(String messageId) {
    Entry original = everSent.get(messageId);
    if (original == null) {
      throw new IllegalArgumentException("no message " + messageId);
    }
    return sendLocked(
        original.groupId, original.deduplicationId + "#dup" + (++duplicates), original.body);
  }

  /** Messages on the queue (visible or in flight), in the order sent. */
  public synchronized List<Message> messages() {
    Instant now = now();
    return queued.values().stream().map(entry -> entry.view(now)).toList();
  }

  /** Any message ever sent, whatever became of it. */
  public synchronized Optional<Message> message(String messageId) {
    Entry entry = everSent.get(messageId);
    return entry == null ? Optional.empty() : Optional.of(entry.view(now()));
  }

  /** The dead-letter queue's messages, in the order they were moved there. */
  public synchronized List<Message> deadLetters() {
    Instant now = now();
    return deadLetters.stream().map(entry -> entry.view(now)).toList();
  }

  /** Messages on the queue, visible or in flight (not the dead-letter queue). */
  public synchronized int depth() {
    return queued.size();
  }

  /** Messages received and neither deleted nor visible again yet. */
  public synchronized int inFlight() {
    Instant now = now();
    return (int) queued.values().stream().filter(entry -> entry.inFlight(now)).count();
  }

  // ---------------------------------------------------------------------------------------------

  private String sendLocked(String groupId, String deduplicationId, String body) {
    Instant now = now();
    Deduplication seen = deduplication.get(deduplicationId);
    if (seen != null && now.isBefore(seen.firstSentAt.plus(DEDUPLICATION_WINDOW))) {
      return seen.messageId;
    }
    long number = ++sequence;
    Entry entry =
        new Entry(
            new UUID(0xF1F0L, number).toString(),
            groupId,
            deduplicationId,
            body,
            now,
            String.format("%020d", number));
    queued.put(entry.messageId, entry);
    everSent.put(entry.messageId, entry);
    deduplication.put(deduplicationId, new Deduplication(entry.messageId, now));
    return entry.messageId;
  }

  private List<Received> receiveLocked(int max) {
    Instant now = now();
    // Groups with a message in flight deliver nothing; in the others, every message is visible.
    Set<String> blocked = new HashSet<>();
    for (Entry entry : queued.values()) {
      if (entry.inFlight(now)) {
        blocked.add(entry.groupId);
      }
    }
    // As SQS and ElasticMQ: keep to a group while it has messages, then take the next group.
    Set<String> picked = new HashSet<>();
    List<Entry> taken = new ArrayList<>();
    String group = null;
    while (taken.size() < max) {
      Entry next = group == null ? null : nextOf(group, picked);
      if (next == null) {
        next = oldestEligible(blocked, picked);
        if (next == null) {
          break;
        }
        group = next.groupId;
      }
      picked.add(next.messageId);
      taken.add(next);
    }
    List<Received> batch = new ArrayList<>();
    for (Entry entry : taken) {
      if (entry.receiveCount >= maxReceiveCount) {
        // The redrive policy: moved instead of returned; it still took its place in the receive.
        entry.status = Status.DEAD_LETTERED;
        queued.remove(entry.messageId);
        deadLetters.add(entry);
      } else {
        batch.add(deliver(entry, now));
      }
    }
    return batch;
  }

  private Entry nextOf(String group, Set<String> picked) {
    for (Entry entry : queued.values()) {
      if (entry.groupId.equals(group) && !picked.contains(entry.messageId)) {
        return entry;
      }
    }
    return null;
  }

  private Entry oldestEligible(Set<String> blocked, Set<String> picked) {
    for (Entry entry : queued.values()) {
      if (!blocked.contains(entry.groupId) && !picked.contains(entry.messageId)) {
        return entry;
      }
    }
    return null;
  }

  private Received deliver(Entry entry, Instant now) {
    entry.receiveCount++;
    if (entry.firstReceivedAt == null) {
      entry.firstReceivedAt = now;
    }
    entry.visibleAt = now.plus(visibilityTimeout);
    if (entry.receiptHandle != null) {
      byReceipt.remove(entry.receiptHandle); // superseded: refused from now on
    }
    entry.receiptHandle = entry.messageId + "#" + (++receipts);
    byReceipt.put(entry.receiptHandle, entry);
    return new Received(
        entry.messageId,
        entry.receiptHandle,
        entry.groupId,
        entry.deduplicationId,
        entry.body,
        entry.receiveCount,
        entry.sentAt,
        entry.firstReceivedAt,
        entry.sequenceNumber);
  }

  /** The entry in flight under this receipt handle, or the error SQS FIFO answers. */
  private Entry inFlightUnder(String receiptHandle) {
    Entry entry = byReceipt.get(receiptHandle);
    if (entry == null || entry.status == Status.DELETED || entry.status == Status.DEAD_LETTERED) {
      throw ReceiptHandleIsInvalidException.builder()
          .message(
              "The input receipt handle \"" + receiptHandle + "\" is not a valid receipt handle.")
          .statusCode(400)
          .awsErrorDetails(errorDetails("ReceiptHandleIsInvalid", "not a valid receipt handle"))
          .build();
    }
    if (!entry.visibleAt.isAfter(now())) {
      throw invalidParameter(
          "Value "
              + receiptHandle
              + " for parameter ReceiptHandle is invalid. Reason: The receipt"
              + " handle has expired.");
    }
    return entry;
  }

  private static SqsException invalidParameter(String message) {
    return (SqsException)
        SqsException.builder()
            .message(message)
            .statusCode(400)
            .awsErrorDetails(errorDetails("InvalidParameterValue", message))
            .build();
  }

  private static AwsErrorDetails errorDetails(String code, String message) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName("Sqs")
        .build();
  }

  private Instant now() {
    return clock.instant();
  }

  private static String md5(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }

  private record Deduplication(String messageId, Instant firstSentAt) {}

  private static final class Entry {
    final String messageId;
    final String groupId;
    final String deduplicationId;
    final String body;
    final Instant sentAt;
    final String sequenceNumber;
    Status status = Status.VISIBLE;
    int receiveCount;
    Instant visibleAt;
    Instant firstReceivedAt;
    String receiptHandle;

    Entry(
        String messageId,
        String groupId,
        String deduplicationId,
        String body,
        Instant sentAt,
        String sequenceNumber) {
      this.messageId = messageId;
      this.groupId = groupId;
      this.deduplicationId = deduplicationId;
      this.body = body;
      this.sentAt = sentAt;
      this.sequenceNumber = sequenceNumber;
      this.visibleAt = sentAt;
    }

    boolean inFlight(Instant now) {
      return status != Status.DELETED
          && status != Status.DEAD_LETTERED
          && receiveCount > 0
          && visibleAt.isAfter(now);
    }

    Message view(Instant now) {
      Status shown =
          status == Status.DELETED || status == Status.DEAD_LETTERED
              ? status
              : inFlight(now) ? Status.IN_FLIGHT : Status.VISIBLE;
      return new Message(
          messageId,
          groupId,
          deduplicationId,
          body,
          sentAt,
          receiveCount,
          shown,
          visibleAt,
          sequenceNumber);
    }
  }
}
