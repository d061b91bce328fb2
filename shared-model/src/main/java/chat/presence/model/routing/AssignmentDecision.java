package chat.presence.model.routing;

import chat.presence.model.presence.AgentState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a chat went to its agent, as the walk saw it when it granted the chat: what {@code explain}
 * answers for a chat, recorded on the chat with the assignment.
 *
 * @param agentId who got the chat
 * @param rule what decided between the candidates
 * @param candidates the agents the chat could have gone to, best first (at most {@link
 *     #MAX_CANDIDATES}), with their load and last assignment then
 * @param group the group the chat was for, if any
 * @param overflowed the chat had waited long enough to go to any agent of the site
 */
public record AssignmentDecision(
    String agentId, Rule rule, List<Candidate> candidates, Optional<String> group, boolean overflowed) {
  /** Enough to show the choice; an item stays small whatever the site's size. */
  public static final int MAX_CANDIDATES = 10;

  /** What decided, in the order the rules are applied. */
  public enum Rule {
    /** No other agent could take the chat. */
    ONLY_CANDIDATE("only_candidate"),
    /** The visitor asked for this agent, who could take it. */
    PREFERRED_AGENT("preferred_agent"),
    /** It had the fewest active chats. */
    FEWEST_CHATS("fewest_chats"),
    /** As few chats as the next, and the longest since its last assignment. */
    LONGEST_SINCE_LAST_ASSIGNMENT("longest_since_last_assignment"),
    /** Level on both; the agent id settles it, so that the choice is repeatable. */
    AGENT_ID("agent_id"),
    /** Its previous agent or a supervisor transferred the chat to this agent. */
    TRANSFERRED("transferred");

    private final String wireName;

    Rule(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Optional<Rule> fromWire(String value) {
      for (Rule rule : values()) {
        if (rule.wireName.equals(value)) {
          return Optional.of(rule);
        }
      }
      return Optional.empty();
    }
  }

  /** An agent the chat could have gone to, as the walk saw it. */
  public record Candidate(String agentId, int activeChats, Instant lastAssignedAt) {
    public Candidate {
      Objects.requireNonNull(agentId);
      Objects.requireNonNull(lastAssignedAt);
    }

    static Candidate of(AgentState agent) {
      return new Candidate(agent.agentId(), agent.activeCount(), agent.lastAssignedAt());
    }
  }

  public AssignmentDecision {
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(rule);
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(group);
  }

  /**
   * The decision for {@code chosen} among {@code ranked}, the candidates in preference order
   * ({@link RoutingRules#PREFERENCE}), which include it.
   */
  static AssignmentDecision of(
      AgentState chosen, List<AgentState> ranked, boolean preferred, Chat chat, boolean overflowed) {
    List<Candidate> candidates =
        ranked.stream().limit(MAX_CANDIDATES).map(Candidate::of).toList();
    return new AssignmentDecision(
        chosen.agentId(), rule(chosen, ranked, preferred), candidates, chat.routing().group(), overflowed);
  }

  /** The decision for a chat transferred to {@code agentId}: nobody else was considered. */
  public static AssignmentDecision transferredTo(String agentId, Chat chat) {
    return new AssignmentDecision(agentId, Rule.TRANSFERRED, List.of(), chat.routing().group(), false);
  }

  private static Rule rule(AgentState chosen, List<AgentState> ranked, boolean preferred) {
    if (ranked.size() == 1) {
      return Rule.ONLY_CANDIDATE;
    }
    if (preferred) {
      return Rule.PREFERRED_AGENT;
    }
    AgentState next = ranked.get(1);
    if (chosen.activeCount() < next.activeCount()) {
      return Rule.FEWEST_CHATS;
    }
    if (chosen.lastAssignedAt().isBefore(next.lastAssignedAt())) {
      return Rule.LONGEST_SINCE_LAST_ASSIGNMENT;
    }
    return Rule.AGENT_ID;
  }
}
