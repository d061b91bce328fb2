package chat.presence.local.bench;

import chat.presence.functions.Services;
import chat.presence.functions.aws.AwsClients;
import chat.presence.local.LocalRuntime;
import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables a deployed function would get, pointing at a running local runtime's emulators:
 * for the fresh JVMs that time handler init and for the floor's own clients. It mirrors what the
 * runtime hands its in-process handlers (which it keeps private).
 */
public final class FunctionEnvironment {
  private FunctionEnvironment() {}

  public static Map<String, String> of(LocalRuntime runtime) {
    Map<String, String> env = new HashMap<>(runtime.settings().presence());
    env.put("AWS_REGION", "us-east-1");
    env.put(AwsClients.DYNAMODB_ENDPOINT, runtime.dynamo().endpoint().toString());
    env.put(AwsClients.SQS_ENDPOINT, runtime.sqs().endpoint().toString());
    env.put(AwsClients.CONNECTIONS_ENDPOINT, runtime.httpUrl().toString());
    env.put(Schema.ROUTING_QUEUE.urlEnvVariable(), runtime.queues().url());
    env.put(Services.JWT_SECRET, runtime.settings().effectiveJwtSecret());
    for (TableSpec table : Schema.TABLES) {
      env.put(table.envVariable(), table.logicalName());
    }
    return env;
  }
}
