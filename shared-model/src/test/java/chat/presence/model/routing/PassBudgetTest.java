package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassBudgetTest {
  private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  private static Chat queued(String chatId, int secondsAfter) {
    Instant at = T.plusSeconds(secondsAfter);
    return new Chat(
        "site-1", chatId, "vic-" + chatId, ChatState.QUEUED, Optional.empty(), 1, at,
        Optional.of(PendingKey.forRequest(0, at, chatId)), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Set.of(), at, Optional.empty(), VisitorAbsence.NONE, ChatRouting.ANYONE, ChatTransfer.NONE);
  }

  @Test
  void aPassDrivesUpToItsBudgetThenContinuesAfterTheLastChatItDrove() {
    PassBudget budget = new PassBudget(2, Optional.empty());
    Chat first = queued("c1", 1);
    Chat second = queued("c2", 2);
    Chat third = queued("c3", 3);

    assertThat(budget.drives(first, false)).isTrue();
    assertThat(budget.drives(second, false)).isTrue();
    assertThat(budget.drives(third, false)).isFalse();

    assertThat(budget.continuesAfter()).isEqualTo(second.pendingKey());
  }

  @Test
  void chatsNamedByTheEventsAreDrivenBeyondTheBudget() {
    PassBudget budget = new PassBudget(1, Optional.empty());

    assertThat(budget.drives(queued("c1", 1), false)).isTrue();
    assertThat(budget.drives(queued("c2", 2), true)).isTrue();
    assertThat(budget.continuesAfter()).isEmpty();
  }

  @Test
  void aContinuationSkipsTheChatsTheStoppedPassDroveAndMovesForward() {
    Chat first = queued("c1", 1);
    Chat second = queued("c2", 2);
    Chat third = queued("c3", 3);
    PassBudget budget =
        PassBudget.forEvents(
            1, List.of(new RoutingEvent.PassContinues("site-1", first.pendingKey().orElseThrow(), 5)));

    assertThat(budget.drives(first, false)).isFalse();
    assertThat(budget.drives(second, false)).isTrue();
    assertThat(budget.drives(third, false)).isFalse();

    assertThat(budget.continuesAfter().orElseThrow()).isGreaterThan(first.pendingKey().orElseThrow());
  }

  @Test
  void anyOtherEventInTheBatchMakesItAPassFromTheFront() {
    Chat first = queued("c1", 1);
    PassBudget budget =
        PassBudget.forEvents(
            5,
            List.of(
                new RoutingEvent.PassContinues("site-1", first.pendingKey().orElseThrow(), 5),
                new RoutingEvent.ChatEnded("site-1", "c9")));

    assertThat(budget.drives(first, false)).isTrue();
  }

  @Test
  void continuationsInOneBatchStartFromTheEarliest() {
    Chat first = queued("c1", 1);
    Chat second = queued("c2", 2);
    PassBudget budget =
        PassBudget.forEvents(
            5,
            List.of(
                new RoutingEvent.PassContinues("site-1", second.pendingKey().orElseThrow(), 6),
                new RoutingEvent.PassContinues("site-1", first.pendingKey().orElseThrow(), 5)));

    assertThat(budget.drives(first, false)).isFalse();
    assertThat(budget.drives(second, false)).isTrue();
  }

  @Test
  void placesLeftToTellContinueAfterEveryChat() {
    PassBudget budget = new PassBudget(1, Optional.empty());

    assertThat(budget.announces()).isTrue();
    assertThat(budget.continuesAfter()).isEmpty();
    assertThat(budget.announces()).isFalse();

    assertThat(budget.continuesAfter()).contains(PendingKey.beyondEvery());
    assertThat(new PassBudget(1, budget.continuesAfter()).drives(queued("c1", 1), false)).isFalse();
  }

  @Test
  void aBudgetBelowOneChatIsRefused() {
    assertThatThrownBy(() -> new PassBudget(0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one chat");
  }
}
