package chat.presence.functions.fakes.dynamo;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The SDK exceptions a real client throws for DynamoDB's error answers. */
public final class DynamoErrors {
  private DynamoErrors() {}

  private static final String SERVICE = "DynamoDb";
  private static final String REQUEST_ID = "fake-dynamodb";

  /** A 400 ValidationException, as the SDK surfaces it: a plain {@link DynamoDbException}. */
  public static DynamoDbException validation(String message) {
    return (DynamoDbException)
        DynamoDbException.builder()
            .message(message)
            .statusCode(400)
            .requestId(REQUEST_ID)
            .awsErrorDetails(details("ValidationException", message))
            .build();
  }

  public static ConditionalCheckFailedException conditionalCheckFailed(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    String message = "The conditional request failed";
    ConditionalCheckFailedException.Builder builder =
        ConditionalCheckFailedException.builder()
            .message(message)
            .statusCode(400)
            .requestId(REQUEST_ID)
            .awsErrorDetails(details("ConditionalCheckFailedException", message));
    if (item != null) {
      builder.item(item);
    }
    return builder.build();
  }

  public static ResourceNotFoundException resourceNotFound() {
    String message = "Requested resource not found";
    return ResourceNotFoundException.builder()
        .message(message)
        .statusCode(400)
        .requestId(REQUEST_ID)
        .awsErrorDetails(details("ResourceNotFoundException", message))
        .build();
  }

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName(SERVICE)
        .build();
  }
}
