package chat.presence.functions.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.explorer.Explorer.Step;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.wire.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A transfer is four writes on two items: the generator reaches it too rarely to cover each crash
 * point, so this runs one transfer with a fault at every call it makes, and lets the world settle
 * with every invariant checked. ann holds k1 (she is first by id among agents of equal load), and
 * transfers it to bob.
 *
 * <p>Seen failing before its fix: with the grant on bob resent after 5 calls, the handler read the
 * grant's failed condition as a refusal and cleared the chat's mark, leaving bob holding a chat
 * that was ann's (SEAT_HELD_FOR_A_CHAT_NOT_ASSIGNED until a refused grant was released before the
 * mark was cleared).
 */
class TransferCrashPointsTest {
  /** More than a transfer makes, so that the last points fall after it ended. */
  private static final int CALLS = 24;

  private static final int ANN = 0;
  private static final int BOB = 2;
  private static final int TRANSFER = 10;

  @Test
  void aTransferWithoutFaultsMovesTheChat() {
    Explorer.Run run = Explorer.replay(schedule(CALLS, Fate.PROCEED), Mode.DEFAULT);
    assertThat(run.violation()).as(Explorer.describe(run)).isEmpty();
    assertThat(run.stats().transfers()).isEqualTo(1);
  }

  @Test
  void everyCrashPointOfATransferLeavesAStateTheRouterRepairs() {
    for (Fate fate : List.of(Fate.CRASH_AFTER, Fate.FAIL_AFTER, Fate.RESENT)) {
      for (int before = 0; before < CALLS; before++) {
        Explorer.Run run = Explorer.replay(schedule(before, fate), Mode.DEFAULT);
        assertThat(run.violation())
            .as("%s after %d calls:%n%s", fate, before, Explorer.describe(run))
            .isEmpty();
      }
    }
  }

  /** bob sets himself away between any two calls of the transfer: the chat never reaches him away. */
  @Test
  void aStatusFlipOfTheTargetAtAnyPointOfATransferNeverGivesHimTheChatAway() {
    for (int before = 0; before < CALLS; before++) {
      List<Step> steps = transferParkedAfter(before);
      steps.add(new Step(14, new Op.SetStatus(BOB, ChosenStatus.AWAY)));
      steps.add(new Step(15, new Op.Resume(14, Fate.PROCEED, 40)));
      steps.add(new Step(16, new Op.Resume(TRANSFER, Fate.PROCEED, 40)));
      Explorer.Run run = Explorer.replay(steps, Mode.DEFAULT);
      assertThat(run.violation()).as("away after %d calls:%n%s", before, Explorer.describe(run)).isEmpty();
    }
  }

  /**
   * ann's client sends the transfer again while the first is under way, and the second runs to its
   * end between two calls of the first. Seen failing before its fix: when the second completed the
   * transfer, the first's grant was refused and it released bob's holding, leaving the chat assigned
   * to bob without his seat (ASSIGNED_BUT_NOT_HELD until a refused grant cleared the mark first and
   * released only if that succeeded).
   */
  @Test
  void theSameTransferSentTwiceAtOnceMovesTheChatOnceWithItsSeat() {
    for (int before = 0; before < CALLS; before++) {
      List<Step> steps = transferParkedAfter(before);
      steps.add(new Step(14, new Op.TransferChat(ANN, "k1", Optional.of("bob"), Optional.empty())));
      steps.add(new Step(15, new Op.Resume(14, Fate.PROCEED, 40)));
      steps.add(new Step(16, new Op.Resume(TRANSFER, Fate.PROCEED, 40)));
      Explorer.Run run = Explorer.replay(steps, Mode.DEFAULT);
      assertThat(run.violation()).as("twin after %d calls:%n%s", before, Explorer.describe(run)).isEmpty();
      assertThat(run.stats().transfers()).isEqualTo(1);
    }
  }

  private static List<Step> schedule(int callsBeforeFault, Fate fate) {
    List<Step> steps = transferParkedAfter(callsBeforeFault);
    steps.add(new Step(12, new Op.Resume(TRANSFER, fate, 1)));
    steps.add(new Step(13, new Op.Resume(TRANSFER, Fate.PROCEED, 40)));
    return steps;
  }

  /** ann holds k1 and has asked to transfer it to bob; the transfer made {@code calls} calls. */
  private static List<Step> transferParkedAfter(int calls) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(ANN, new Op.Connect("ann", Role.AGENT, Optional.of(ChosenStatus.AVAILABLE))));
    steps.add(new Step(1, new Op.Resume(ANN, Fate.PROCEED, 40)));
    steps.add(new Step(BOB, new Op.Connect("bob", Role.AGENT, Optional.of(ChosenStatus.AVAILABLE))));
    steps.add(new Step(3, new Op.Resume(BOB, Fate.PROCEED, 40)));
    steps.add(new Step(4, new Op.Connect("vic", Role.VISITOR, Optional.empty())));
    steps.add(new Step(5, new Op.Resume(4, Fate.PROCEED, 40)));
    steps.add(new Step(6, new Op.RequestChat(4, "k1")));
    steps.add(new Step(7, new Op.Resume(6, Fate.PROCEED, 40)));
    steps.add(new Step(8, new Op.RouterPass()));
    steps.add(new Step(9, new Op.Resume(8, Fate.PROCEED, 200)));
    steps.add(new Step(TRANSFER, new Op.TransferChat(ANN, "k1", Optional.of("bob"), Optional.empty())));
    if (calls > 0) {
      steps.add(new Step(11, new Op.Resume(TRANSFER, Fate.PROCEED, calls)));
    }
    return steps;
  }
}
