package chat.presence.functions.presence;

import chat.presence.model.presence.AgentState;

/**
 * Where the agents' store tells of each write that changed what a presence view of an agent shows,
 * with the agent as written (its presence version included). It is told after the write is durable
 * and must never fail it: a change is made whether or not anyone hears of it.
 */
public interface PresenceFeed {
  /** For a store that only reads, or writes nothing anyone subscribes to. */
  PresenceFeed NONE = agent -> {};

  void changed(AgentState agent);
}
