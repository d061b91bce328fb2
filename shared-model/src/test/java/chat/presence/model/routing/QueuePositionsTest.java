package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueuePositionsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static Chat chat(String id, ChatState state, Instant requestedAt, String pendingKey, Optional<AnnouncedPosition> told) {
    return new Chat(
        "s", id, "vic", state, state == ChatState.QUEUED ? Optional.empty() : Optional.of("ann"), 1,
        requestedAt, Optional.ofNullable(pendingKey), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), requestedAt, told, VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  private static Chat queued(String id, int secondsAgo) {
    Instant at = NOW.minusSeconds(secondsAgo);
    return chat(id, ChatState.QUEUED, at, PendingKey.forRequest(0, at, id), Optional.empty());
  }

  @Test
  void offeredChatsAreServedFirstThenChatsTakenBackThenRequestsInOrder() {
    Instant early = NOW.minusSeconds(50);
    Chat requeued = chat("back", ChatState.QUEUED, early, PendingKey.forRequeue(0, early, "back"), Optional.empty());
    Chat offered = chat("offer", ChatState.OFFERED, NOW.minusSeconds(5), PendingKey.forOffer(NOW, "offer"), Optional.empty());
    Chat assigned = chat("done", ChatState.ASSIGNED, NOW.minusSeconds(90), null, Optional.empty());

    assertThat(QueuePositions.of(List.of(queued("late", 10), queued("early", 40), requeued, offered, assigned)))
        .isEqualTo(Map.of("offer", 1, "back", 2, "early", 3, "late", 4));
  }

  @Test
  void eachGroupIsALineOfItsOwnOrderedByPriorityThenRequest() {
    Chat billingOld = forGroup("b-old", "billing", 0, 60);
    Chat billingUrgent = forGroup("b-urgent", "billing", 9, 5);
    Chat salesOld = forGroup("s-old", "sales", 0, 90);
    Chat anyoneNew = forGroup("a-new", null, 0, 1);

    assertThat(QueuePositions.of(List.of(billingOld, billingUrgent, salesOld, anyoneNew)))
        .isEqualTo(Map.of("b-urgent", 1, "b-old", 2, "s-old", 1, "a-new", 1));
  }

  private static Chat forGroup(String id, String group, int priority, int secondsAgo) {
    Instant at = NOW.minusSeconds(secondsAgo);
    return new Chat(
        "s", id, "vic", ChatState.QUEUED, Optional.empty(), 1, at,
        Optional.of(PendingKey.forRequest(priority, at, id)), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), at, Optional.empty(), VisitorAbsence.NONE,
        new ChatRouting(Optional.ofNullable(group), priority, Optional.empty()), ChatTransfer.NONE);
  }

  @Test
  void aVisitorIsToldANewPlaceAtMostEveryTwoSeconds() {
    Chat neverTold = queued("c1", 5);
    Chat toldThree =
        chat("c1", ChatState.QUEUED, NOW, PendingKey.forRequest(0, NOW, "c1"),
            Optional.of(new AnnouncedPosition(3, NOW.minusSeconds(1))));

    assertThat(QueuePositions.nextAnnouncement(neverTold, 4)).contains(Instant.EPOCH);
    assertThat(QueuePositions.nextAnnouncement(toldThree, 3)).isEmpty();
    assertThat(QueuePositions.nextAnnouncement(toldThree, 2)).contains(NOW.plusSeconds(1));
  }
}
