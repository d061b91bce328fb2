package chat.presence.functions.store;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import java.util.Map;

/** The deployed names of the tables, from the environment (the logical name when unset). */
public record TableNames(String agents, String connections, String chats, String sites, String visitors) {
  public static TableNames fromEnvironment(Map<String, String> env) {
    return new TableNames(name(env, Schema.AGENTS), name(env, Schema.CONNECTIONS), name(env, Schema.CHATS),
        name(env, Schema.SITES), name(env, Schema.VISITORS));
  }

  private static String name(Map<String, String> env, TableSpec spec) {
    return env.getOrDefault(spec.envVariable(), spec.logicalName());
  }
}
