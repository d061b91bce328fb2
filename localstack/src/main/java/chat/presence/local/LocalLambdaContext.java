package chat.presence.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lambda context the local runtime hands to a handler for one invocation. */
public final class LocalLambdaContext implements Context {
  private final String functionName;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadline;
  private final Logger log;

  public LocalLambdaContext(String functionName, int timeoutSeconds) {
    this.functionName = functionName;
    this.deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    this.log = LoggerFactory.getLogger("lambda." + functionName);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.info(message);
      }

      @Override
      public void log(byte[] message) {
        log.info(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
