package chat.presence.functions.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.settings.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

class RequestPathPrimingTest {
  /** A deployed function's variables, as the stack sets them; the key comes from Secrets Manager. */
  private static Map<String, String> deployedEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (TableSpec table : Schema.TABLES) {
      env.put(table.envVariable(), "presence-" + table.envVariable());
    }
    env.put(Schema.ROUTING_QUEUE.urlEnvVariable(), "https://sqs.eu-west-1.amazonaws.com/123456789012/routing.fifo");
    env.put(Setting.TIMER_QUEUE_URL.envName(), "https://sqs.eu-west-1.amazonaws.com/123456789012/timers");
    env.put(Setting.JWT_SECRET_ARN.envName(), "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt");
    env.put("AWS_REGION", "eu-west-1");
    return env;
  }

  @Test
  void registersWithTheContextAndPrimesEveryHandlerBeforeTheCheckpointWithoutReachingAws() throws Exception {
    var context = new RecordingContext();

    RequestPathPriming priming = RequestPathPriming.register(context, deployedEnvironment());
    context.beforeCheckpoint(null);
    context.afterRestore(null);

    assertThat(context.registered).containsExactly(priming);
    assertThat(priming.requests())
        .as("SDK requests made by the handlers, each answered in memory")
        .isGreaterThanOrEqualTo(20);
    assertThat(priming.hostsAsked()).as("no request was addressed to AWS").containsOnly("priming.invalid");
  }

  /** What Lambda's runtime does with the global context: every resource, before and after. */
  private static final class RecordingContext extends Context<Resource> {
    final List<Resource> registered = new ArrayList<>();

    @Override
    public void register(Resource resource) {
      registered.add(resource);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      for (Resource resource : registered) {
        try {
          resource.beforeCheckpoint(this);
        } catch (Exception e) {
          throw new AssertionError("beforeCheckpoint failed", e);
        }
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      for (Resource resource : registered) {
        try {
          resource.afterRestore(this);
        } catch (Exception e) {
          throw new AssertionError("afterRestore failed", e);
        }
      }
    }
  }
}
