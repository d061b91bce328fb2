package chat.presence.model.routing;

import java.time.Instant;
import java.util.Optional;

/**
 * What the router's I/O shell should do next, as decided by the {@link QueueWalk}. Every write a
 * step names is a single conditional write, so a step taken on stale knowledge changes nothing.
 */
public sealed interface RoutingStep {
  /**
   * Puts a chat held by an agent who is offline back at the front of the queue, for a new
   * generation.
   */
  record Requeue(String agentId, String chatId, long generation) implements RoutingStep {}

  /**
   * Reads the chat again: an agent holds it for a generation newer than the chat as read, so
   * another pass moved it on since, and what it is now decides whether that holding stands.
   */
  record Reread(String chatId) implements RoutingStep {}

  /**
   * A transfer attempt that can no longer complete: the target's holding it may have made is
   * released, then the attempt is cleared from the chat.
   */
  record EndTransferAttempt(String agentId, String chatId, long generation) implements RoutingStep {}

  /** Frees the agent's holding of the chat, if it is still the one granted for {@code generation}. */
  record Release(String agentId, String chatId, long generation) implements RoutingStep {}

  /**
   * Starts a new generation of a queued chat: a grant for {@code generation} that some other,
   * perhaps crashed, attempt made can then never be recorded, only released.
   */
  record Revoke(String chatId, long generation) implements RoutingStep {}

  /** Asks the gateway whether one of the agent's connections is live. */
  record CheckLive(String agentId) implements RoutingStep {}

  /**
   * The assignment (or offer): the agent takes the chat in one conditional write that checks its
   * eligibility, and its membership of {@code group} while the chat may only go to that group.
   */
  record Grant(String agentId, String chatId, long generation, Optional<String> group)
      implements RoutingStep {}

  /**
   * Records on the chat the grant this walk made, if the chat is still queued in that generation:
   * as an assignment, or as an offer that expires {@code offer} after it is recorded; with why the
   * walk chose that agent.
   */
  record Record(
      String agentId,
      String chatId,
      long generation,
      long agentVersion,
      Instant assignedAt,
      boolean offer,
      Optional<AssignmentDecision> decision)
      implements RoutingStep {}

  /**
   * Tells the agent (and, for an assignment, the visitor); an assignment then settles once no
   * attempt that saw the chat queued can still be running ({@link RoutingRules#ATTEMPT_LIFETIME}
   * after the announcement is recorded), an offer waits for its answer or its expiry.
   */
  record Announce(String agentId, String chatId) implements RoutingStep {}

  /**
   * An offer expired unanswered: the chat goes back to the front of the queue, never to be offered
   * to this agent again, and the agent becomes unresponsive.
   */
  record Withdraw(String agentId, String chatId, long generation) implements RoutingStep {}

  /** The chat has waited for an agent for the longest allowed: it ends ({@code timeout}). */
  record TimeOut(String chatId, long generation) implements RoutingStep {}

  /** Asks the gateway whether one of the visitor's connections is live. */
  record CheckVisitor(String visitorId) implements RoutingStep {}

  /** A connection of the visitor is live: the chat records it as back {@code at}. */
  record VisitorBack(String chatId, Instant at) implements RoutingStep {}

  /**
   * The visitor of an assigned chat has been gone for longer than the grace period: the agent is
   * told ({@code chat.visitorLeft}), and the chat ends unless the visitor is back in time.
   */
  record NoticeVisitorLeft(String agentId, String chatId) implements RoutingStep {}

  /**
   * The visitor is gone: a waiting chat is abandoned at once, an assigned one once the return
   * window is over. It ends ({@code visitor_left}) if the visitor is still recorded away.
   */
  record Abandon(String chatId) implements RoutingStep {}

  /** No attempt that saw the chat queued can still be running: the router is done with it. */
  record Settle(String chatId) implements RoutingStep {}

  /** Nothing more to do about the chat in this pass. */
  record Done(boolean stillQueued) implements RoutingStep {}
}
