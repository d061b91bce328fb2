package chat.presence.functions.audit;

import chat.presence.model.routing.Chat;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The stored state the auditor checks, with the time it was read. */
public final class AuditSnapshot {
  private final Instant now;
  private final List<AgentFacts> agents;
  private final List<Chat> chats;
  private final DeadLetterCount deadLetters;
  private final Map<String, AgentFacts> agentsByKey;
  private final Map<String, Chat> chatsByKey;

  /**
   * Agents and chats are kept in site and id order, so that findings come out in a stable order.
   */
  public AuditSnapshot(
      Instant now, List<AgentFacts> agents, List<Chat> chats, DeadLetterCount deadLetters) {
    this.now = Objects.requireNonNull(now);
    this.agents =
        agents.stream()
            .sorted(Comparator.comparing(AgentFacts::siteId).thenComparing(AgentFacts::agentId))
            .toList();
    this.chats =
        chats.stream()
            .sorted(Comparator.comparing(Chat::siteId).thenComparing(Chat::chatId))
            .toList();
    this.deadLetters = Objects.requireNonNull(deadLetters);
    this.agentsByKey =
        this.agents.stream()
            .collect(Collectors.toMap(a -> key(a.siteId(), a.agentId()), Function.identity()));
    this.chatsByKey =
        this.chats.stream()
            .collect(Collectors.toMap(c -> key(c.siteId(), c.chatId()), Function.identity()));
  }

  public Instant now() {
    return now;
  }

  public List<AgentFacts> agents() {
    return agents;
  }

  public List<Chat> chats() {
    return chats;
  }

  public DeadLetterCount deadLetters() {
    return deadLetters;
  }

  public Optional<AgentFacts> agent(String siteId, String agentId) {
    return Optional.ofNullable(agentsByKey.get(key(siteId, agentId)));
  }

  public Optional<Chat> chat(String siteId, String chatId) {
    return Optional.ofNullable(chatsByKey.get(key(siteId, chatId)));
  }

  public List<AgentFacts> agentsOfSite(String siteId) {
    return agents.stream().filter(a -> a.siteId().equals(siteId)).toList();
  }

  private static String key(String siteId, String id) {
    return siteId + "\n" + id;
  }
}
