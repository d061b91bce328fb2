package chat.presence.functions.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.functions.fakes.dynamo.ExpressionContext;
import chat.presence.functions.fakes.dynamo.ExpressionException;
import chat.presence.functions.fakes.dynamo.ExpressionParser;
import chat.presence.functions.fakes.dynamo.UpdateApplier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UpdateExpressionTest {
  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static AttributeValue ss(String... values) {
    return AttributeValue.fromSs(List.of(values));
  }

  private static Map<String, AttributeValue> agent() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("siteId", s("site-1"));
    item.put("agentId", s("agent-1"));
    item.put("rev", n("3"));
    item.put("conns", ss("c1"));
    item.put("holds", AttributeValue.fromM(Map.of("chat-1", n("1"))));
    item.put("history", AttributeValue.fromL(List.of(s("a"), s("b"))));
    return item;
  }

  /** Applies an update to a copy of the item and returns the copy. */
  private static Map<String, AttributeValue> update(
      Map<String, AttributeValue> item, String expression, Object... namesAndValues) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String key = (String) namesAndValues[i];
      if (key.startsWith("#")) {
        names.put(key, (String) namesAndValues[i + 1]);
      } else {
        values.put(key, (AttributeValue) namesAndValues[i + 1]);
      }
    }
    var context =
        ExpressionContext.of(names.isEmpty() ? null : names, values.isEmpty() ? null : values);
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    UpdateApplier.apply(
        ExpressionParser.update(expression, context).actions(), copy, Set.of("pendingKey"));
    return copy;
  }

  @Test
  void setReplacesAndCreates() {
    var updated = update(agent(), "SET rev = :v, chosenStatus = :s", ":v", n("4"), ":s", s("away"));

    assertThat(updated).containsEntry("rev", n("4")).containsEntry("chosenStatus", s("away"));
  }

  @Test
  void ifNotExistsKeepsWhatIsThere() {
    var updated =
        update(
            agent(),
            "SET holds = if_not_exists(holds, :none), lastAssignedAt ="
                + " if_not_exists(lastAssignedAt, :zero)",
            ":none",
            AttributeValue.fromM(Map.of()),
            ":zero",
            n("0"));

    assertThat(updated.get("holds").m()).containsOnlyKeys("chat-1");
    assertThat(updated).containsEntry("lastAssignedAt", n("0"));
  }

  @Test
  void nestedSetAndRemoveInAMap() {
    var granted = update(agent(), "SET holds.#c = :gen", "#c", "chat-2", ":gen", n("5"));
    assertThat(granted.get("holds").m()).containsEntry("chat-2", n("5")).containsKey("chat-1");

    var released = update(granted, "REMOVE holds.#c", "#c", "chat-1");
    assertThat(released.get("holds").m()).containsOnlyKeys("chat-2");
    assertThat(agent().get("holds").m())
        .as("the original item is untouched")
        .containsOnlyKeys("chat-1");
  }

  @Test
  void aNestedPathNeedsItsParent() {
    Map<String, AttributeValue> noHolds = agent();
    noHolds.remove("holds");

    assertThatThrownBy(() -> update(noHolds, "SET holds.#c = :gen", "#c", "chat-2", ":gen", n("5")))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("The document path provided in the update expression is invalid for update");
    assertThatThrownBy(() -> update(noHolds, "REMOVE holds.#c", "#c", "chat-2"))
        .hasMessage("The document path provided in the update expression is invalid for update");
    assertThatThrownBy(() -> update(agent(), "SET rev.x = :gen", ":gen", n("5")))
        .as("the parent is not a map")
        .hasMessage("The document path provided in the update expression is invalid for update");
  }

  @Test
  void addIncrementsOrCreatesNumbersAndUnitesSets() {
    var updated =
        update(
            agent(),
            "ADD rev :one, visits :one, conns :more, tags :more",
            ":one",
            n("1"),
            ":more",
            ss("c1", "c2"));

    assertThat(updated).containsEntry("rev", n("4")).containsEntry("visits", n("1"));
    assertThat(updated.get("conns").ss()).containsExactly("c1", "c2");
    assertThat(updated.get("tags").ss()).containsExactly("c1", "c2");
  }

  @Test
  void addRefusesAnAttributeOfAnotherType() {
    assertThatThrownBy(() -> update(agent(), "ADD conns :one", ":one", n("1")))
        .hasMessage("An operand in the update expression has an incorrect data type");
  }

  @Test
  void deleteDownToEmptyRemovesTheSet() {
    var one = update(agent(), "ADD conns :c", ":c", ss("c2"));
    var fewer = update(one, "DELETE conns :c", ":c", ss("c1"));
    assertThat(fewer.get("conns").ss()).containsExactly("c2");

    var none = update(fewer, "DELETE conns :c", ":c", ss("c2", "c9"));
    assertThat(none).doesNotContainKey("conns");

    var stillNone = update(none, "DELETE conns :c", ":c", ss("c2"));
    assertThat(stillNone).doesNotContainKey("conns");
  }

  @Test
  void arithmeticAndListAppendReadTheItemBeforeTheUpdate() {
    var updated =
        update(
            agent(),
            "SET rev = rev + :one, prev = rev, history = list_append(history, :more), down = :ten -"
                + " rev",
            ":one",
            n("1"),
            ":ten",
            n("10"),
            ":more",
            AttributeValue.fromL(List.of(s("c"))));

    assertThat(updated).containsEntry("rev", n("4")).containsEntry("prev", n("3"));
    assertThat(updated).containsEntry("down", n("7"));
    assertThat(updated.get("history").l()).containsExactly(s("a"), s("b"), s("c"));
  }

  @Test
  void aMissingOperandIsRefused() {
    assertThatThrownBy(() -> update(agent(), "SET gen = gen + :one", ":one", n("1")))
        .hasMessage(
            "The provided expression refers to an attribute that does not exist in the item");
  }

  @Test
  void listIndexesSetReplaceAppendAndRemove() {
    var replaced = update(agent(), "SET history[0] = :x", ":x", s("x"));
    assertThat(replaced.get("history").l()).containsExactly(s("x"), s("b"));

    var appended = update(agent(), "SET history[9] = :x", ":x", s("x"));
    assertThat(appended.get("history").l()).containsExactly(s("a"), s("b"), s("x"));

    var removed = update(agent(), "REMOVE history[0]");
    assertThat(removed.get("history").l()).containsExactly(s("b"));
  }

  @Test
  void anIndexKeyStaysAString() {
    assertThatThrownBy(() -> update(agent(), "SET pendingKey = :n", ":n", n("1")))
        .hasMessage(
            "The update expression attempted to update the secondary index key to unsupported"
                + " type");
  }

  @Test
  void numbersAreNormalised() {
    var updated = update(agent(), "SET a = :x, b = rev + :y", ":x", n("1.50"), ":y", n("0.500"));

    assertThat(updated).containsEntry("a", n("1.5")).containsEntry("b", n("3.5"));
  }
}
