package chat.presence.functions.audit;

import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents' active chats and the chats' own records agree: one holder per chat, the one the chat
 * names. An assignment writes the agent before the chat, so a queued chat may be held for a moment;
 * the router completes that, and it is a breach only past the settle time.
 */
final class HoldingCheck implements InvariantCheck {
  private final Duration settleTime;

  HoldingCheck(Duration settleTime) {
    this.settleTime = settleTime;
  }

  @Override
  public List<Finding> check(AuditSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    holdersByChat(snapshot)
        .forEach(
            (chat, holders) -> {
              if (holders.size() > 1) {
                findings.add(
                    Finding.of(FindingKind.HELD_BY_TWO_AGENTS)
                        .id("site", chat.siteId())
                        .id("chat", chat.chatId())
                        .detail(
                            "agents",
                            String.join(",", holders.stream().map(AgentFacts::agentId).toList()))
                        .build());
              }
              for (AgentFacts holder : holders) {
                heldByOther(chat, holder).ifPresent(findings::add);
                heldWhileQueued(chat, holder, snapshot.now()).ifPresent(findings::add);
                heldAfterEnd(chat, holder, snapshot.now()).ifPresent(findings::add);
              }
            });
    for (Chat chat : snapshot.chats()) {
      if (chat.state() != ChatState.ASSIGNED) {
        continue;
      }
      String agentId = chat.agentId().orElse("none");
      boolean held =
          snapshot
              .agent(chat.siteId(), agentId)
              .filter(a -> a.state().holds(chat.chatId()))
              .isPresent();
      if (!held) {
        findings.add(
            Finding.of(FindingKind.ASSIGNED_NOT_HELD)
                .id("site", chat.siteId())
                .id("chat", chat.chatId())
                .id("agent", agentId)
                .build());
      }
    }
    return findings;
  }

  /**
   * The stored chats that agents hold, each with its holders; held chats with no record are left
   * out, and so is the holding of a transfer under way, which the chat names as its attempt.
   */
  private static Map<Chat, List<AgentFacts>> holdersByChat(AuditSnapshot snapshot) {
    Map<Chat, List<AgentFacts>> holders = new LinkedHashMap<>();
    for (AgentFacts agent : snapshot.agents()) {
      for (String chatId : agent.state().activeChats().stream().sorted().toList()) {
        long generation = agent.state().holding(chatId).orElseThrow();
        snapshot
            .chat(agent.siteId(), chatId)
            .filter(chat -> !isLiveTransferAttempt(chat, agent.agentId(), generation, snapshot.now()))
            .ifPresent(chat -> holders.computeIfAbsent(chat, c -> new ArrayList<>()).add(agent));
      }
    }
    return holders;
  }

  private static boolean isLiveTransferAttempt(Chat chat, String agentId, long generation, Instant now) {
    return chat.isTransferAttempt(agentId, generation)
        && chat.transfer().attempt().orElseThrow().mayStillComplete(now);
  }

  private static Optional<Finding> heldByOther(Chat chat, AgentFacts holder) {
    if (chat.state() == ChatState.ENDED) {
      return Optional.empty();
    }
    return chat.agentId()
        .filter(named -> !named.equals(holder.agentId()))
        .map(
            named ->
                Finding.of(FindingKind.HELD_BY_OTHER_AGENT)
                    .id("site", chat.siteId())
                    .id("chat", chat.chatId())
                    .id("agent", named)
                    .id("holder", holder.agentId())
                    .build());
  }

  /**
   * The chat ended, but the agent's seat was never freed: the end's own release and the settling
   * pass that repeats it both failed, or something else gave the agent a seat for it.
   */
  private Optional<Finding> heldAfterEnd(Chat chat, AgentFacts holder, Instant now) {
    if (chat.state() != ChatState.ENDED
        || chat.endedAt().filter(at -> at.plus(settleTime).isBefore(now)).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(FindingKind.HELD_AFTER_END)
            .id("site", chat.siteId())
            .id("chat", chat.chatId())
            .id("agent", holder.agentId())
            .detail("endedAt", chat.endedAt().get())
            .build());
  }

  /** The agent took the chat at its last assignment at the latest, so that bounds how long. */
  private Optional<Finding> heldWhileQueued(Chat chat, AgentFacts holder, Instant now) {
    Instant heldSince = holder.state().lastAssignedAt();
    if (chat.state() != ChatState.QUEUED || !heldSince.plus(settleTime).isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(FindingKind.HELD_WHILE_QUEUED)
            .id("site", chat.siteId())
            .id("chat", chat.chatId())
            .id("agent", holder.agentId())
            .detail("lastAssignedAt", heldSince)
            .build());
  }
}
