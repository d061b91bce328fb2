package chat.presence.model.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The places of a site's waiting chats, as their visitors are told them: 1 is the next to be
 * served. A chat offered to an agent is being served, so offered chats come first (oldest request
 * first), then the queued ones in queue order. Each group's chats form a line of their own, and the
 * chats for anyone another: a chat only waits behind chats that the same agents serve.
 */
public final class QueuePositions {
  /** A visitor is told of a change of place at most this often. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

  private static final Comparator<Chat> OFFERED_ORDER =
      Comparator.comparing(Chat::requestedAt).thenComparing(Chat::chatId);
  private static final Comparator<Chat> QUEUE_ORDER =
      Comparator.comparing((Chat chat) -> chat.pendingKey().orElse("")).thenComparing(Chat::chatId);

  private QueuePositions() {}

  /** The place of each waiting chat among {@code chats}; chats not waiting are left out. */
  public static Map<String, Integer> of(Collection<Chat> chats) {
    Map<Optional<String>, List<Chat>> lines =
        chats.stream().collect(Collectors.groupingBy(chat -> chat.routing().group()));
    Map<String, Integer> positions = new HashMap<>();
    lines.values().forEach(line -> positions.putAll(ofOneLine(line)));
    return positions;
  }

  private static Map<String, Integer> ofOneLine(List<Chat> chats) {
    List<Chat> line = new ArrayList<>();
    chats.stream().filter(c -> c.state() == ChatState.OFFERED).sorted(OFFERED_ORDER).forEach(line::add);
    chats.stream().filter(c -> c.state() == ChatState.QUEUED).sorted(QUEUE_ORDER).forEach(line::add);
    Map<String, Integer> positions = new HashMap<>();
    for (Chat chat : line) {
      positions.putIfAbsent(chat.chatId(), positions.size() + 1);
    }
    return positions;
  }

  /**
   * When the visitor should next be told the chat's place: empty if it already knows it, {@link
   * Instant#EPOCH} if it has never been told one, else {@link #MIN_INTERVAL} after the last time.
   */
  public static Optional<Instant> nextAnnouncement(Chat chat, int position) {
    Optional<AnnouncedPosition> last = chat.announcedPosition();
    if (last.isEmpty()) {
      return Optional.of(Instant.EPOCH);
    }
    return last.get().position() == position
        ? Optional.empty()
        : Optional.of(last.get().at().plus(MIN_INTERVAL));
  }
}
