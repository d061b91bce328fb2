package chat.presence.model.routing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a chat records of transfers between agents.
 *
 * @param attempt a transfer to an agent under way: the target may hold the chat for the next
 *     generation before the chat names it, and the router leaves that holding alone until the
 *     attempt can no longer complete
 * @param from the agent the chat was last transferred from, while the router may still have to
 *     announce that transfer
 */
public record ChatTransfer(Optional<Attempt> attempt, Optional<String> from) {
  public static final ChatTransfer NONE = new ChatTransfer(Optional.empty(), Optional.empty());

  public ChatTransfer {
    Objects.requireNonNull(attempt);
    Objects.requireNonNull(from);
  }

  /**
   * @param toAgentId the agent the chat is being moved to
   * @param generation the chat generation the target's grant is made for: the chat's next one
   * @param until the last instant the attempt may complete; after it, the router releases any
   *     holding the attempt made and clears the attempt
   */
  public record Attempt(String toAgentId, long generation, Instant until) {
    public Attempt {
      Objects.requireNonNull(toAgentId);
      Objects.requireNonNull(until);
    }

    public boolean mayStillComplete(Instant now) {
      return now.isBefore(until);
    }
  }
}
