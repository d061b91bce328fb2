package chat.presence.functions.audit;

import chat.presence.functions.aws.AwsClients;
import chat.presence.model.settings.Setting;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The routing queue's dead-letter queue, asked only how many messages it holds. */
public final class DeadLetterQueue {

  private final SqsClient sqs;
  private final String url;

  public DeadLetterQueue(SqsClient sqs, String url) {
    this.sqs = sqs;
    this.url = url;
  }

  public static DeadLetterQueue fromEnvironment(AwsClients clients) {
    return new DeadLetterQueue(clients.sqs(), clients.required(Setting.ROUTING_DLQ_URL.envName()));
  }

  /** The count, or why it could not be read: a failed read must not cost the audit its other checks. */
  public DeadLetterCount count() {
    String queueName = url.substring(url.lastIndexOf('/') + 1);
    try {
      String messages =
          sqs.getQueueAttributes(
                  r ->
                      r.queueUrl(url)
                          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
      return new DeadLetterCount(queueName, Long.parseLong(messages));
    } catch (RuntimeException e) {
      return DeadLetterCount.unread(queueName, String.valueOf(e));
    }
  }
}
