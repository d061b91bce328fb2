package chat.presence.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Builds the SQS event Lambda would hand a function from messages received from a queue. */
final class LambdaRecords {
  /** The system attributes Lambda puts into each record of a FIFO queue's event. */
  static final List<MessageSystemAttributeName> SYSTEM_ATTRIBUTES =
      List.of(
          MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
          MessageSystemAttributeName.SENT_TIMESTAMP,
          MessageSystemAttributeName.SENDER_ID,
          MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
          MessageSystemAttributeName.SEQUENCE_NUMBER,
          MessageSystemAttributeName.MESSAGE_GROUP_ID,
          MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);

  // The region of the queue's ARN; the local runtime's clients all use it.
  private static final String REGION = "us-east-1";

  private final String queueArn;

  LambdaRecords(String queueArn) {
    this.queueArn = queueArn;
  }

  SQSEvent toEvent(List<Message> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages.stream().map(this::toRecord).collect(Collectors.toList()));
    return event;
  }

  // Collections are mutable, as in the event the Lambda runtime deserializes for a function.
  private SQSMessage toRecord(Message message) {
    SQSMessage record = new SQSMessage();
    record.setMessageId(message.messageId());
    record.setReceiptHandle(message.receiptHandle());
    record.setBody(message.body());
    record.setMd5OfBody(message.md5OfBody());
    record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
    record.setAttributes(new HashMap<>(message.attributesAsStrings()));
    record.setMessageAttributes(
        message.messageAttributes().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> toAttribute(e.getValue()))));
    record.setEventSource("aws:sqs");
    record.setEventSourceArn(queueArn);
    record.setAwsRegion(REGION);
    return record;
  }

  private static MessageAttribute toAttribute(MessageAttributeValue value) {
    MessageAttribute attribute = new MessageAttribute();
    attribute.setDataType(value.dataType());
    attribute.setStringValue(value.stringValue());
    if (value.binaryValue() != null) {
      attribute.setBinaryValue(value.binaryValue().asByteBuffer());
    }
    attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
    attribute.setBinaryListValues(
        value.binaryListValues().stream()
            .map(SdkBytes::asByteBuffer)
            .collect(Collectors.toList()));
    return attribute;
  }
}
