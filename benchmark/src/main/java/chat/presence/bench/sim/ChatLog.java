package chat.presence.bench.sim;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every chat one phase requested, by id. */
final class ChatLog {
  private final String idPrefix;
  private final AtomicLong next = new AtomicLong();
  private final ConcurrentMap<String, ChatRecord> chats = new ConcurrentHashMap<>();

  ChatLog(String idPrefix) {
    this.idPrefix = idPrefix;
  }

  ChatRecord open(String siteId, String visitorId, boolean endedByVisitor, boolean measured) {
    String chatId = idPrefix + "-" + next.incrementAndGet();
    ChatRecord chat =
        new ChatRecord(chatId, siteId, visitorId, endedByVisitor, measured, System.nanoTime());
    chats.put(chatId, chat);
    return chat;
  }

  Optional<ChatRecord> get(String chatId) {
    return Optional.ofNullable(chats.get(chatId));
  }

  Collection<ChatRecord> all() {
    return List.copyOf(chats.values());
  }
}
