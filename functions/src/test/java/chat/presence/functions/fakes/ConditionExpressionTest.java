package chat.presence.functions.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.fakes.dynamo.ConditionEvaluator;
import chat.presence.functions.fakes.dynamo.ExpressionContext;
import chat.presence.functions.fakes.dynamo.ExpressionParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConditionExpressionTest {
  private static final Map<String, AttributeValue> AGENT =
      Map.of(
          "siteId", s("site-1"),
          "agentId", s("agent-1"),
          "chosenStatus", s("available"),
          "maxChats", n("2"),
          "rev", n("7"),
          "conns", AttributeValue.fromSs(List.of("c1", "c2")),
          "holds", AttributeValue.fromM(Map.of("chat-1", n("3"))),
          "history",
              AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("s", s("online"))), s("x"))),
          "lastDisconnectAt", n("1000"),
          "name", s("Ada"));

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static boolean holds(String condition, Object... namesAndValues) {
    return holds(AGENT, condition, namesAndValues);
  }

  private static boolean holds(
      Map<String, AttributeValue> item, String condition, Object... namesAndValues) {
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
    return ConditionEvaluator.matches(
        ExpressionParser.condition(condition, context).condition(), item);
  }

  @Test
  void theGrantCondition() {
    String grantable =
        "chosenStatus = :available AND attribute_exists(conns) AND size(holds) < maxChats"
            + " AND attribute_not_exists(holds.#c)";

    assertThat(holds(grantable, ":available", s("available"), "#c", "chat-2")).isTrue();
    assertThat(holds(grantable, ":available", s("available"), "#c", "chat-1")).isFalse();
    assertThat(holds(grantable, ":available", s("away"), "#c", "chat-2")).isFalse();
    Map<String, AttributeValue> full = new HashMap<>(AGENT);
    full.put("holds", AttributeValue.fromM(Map.of("chat-1", n("3"), "chat-3", n("1"))));
    assertThat(holds(full, grantable, ":available", s("available"), "#c", "chat-2")).isFalse();
    Map<String, AttributeValue> noHolds = new HashMap<>(AGENT);
    noHolds.remove("holds");
    assertThat(holds(noHolds, grantable, ":available", s("available"), "#c", "chat-2"))
        .as("size of a missing attribute compares false")
        .isFalse();
  }

  @Test
  void numbersCompareByValue() {
    assertThat(holds("rev = :v", ":v", n("7.0"))).isTrue();
    assertThat(holds("rev < :v", ":v", n("10"))).isTrue();
    assertThat(holds("rev > :v", ":v", n("10"))).isFalse();
    assertThat(holds("rev BETWEEN :a AND :b", ":a", n("-1"), ":b", n("7"))).isTrue();
    assertThat(holds("lastDisconnectAt <= :at", ":at", n("1000"))).isTrue();
  }

  @Test
  void stringsCompareInUtf8ByteOrder() {
    Map<String, AttributeValue> item = Map.of("k", s("\uFFFF"));
    // U+1F600 sorts after U+FFFF in UTF-8 (and code points), before it in UTF-16.
    assertThat(holds(item, "k < :v", ":v", s("\uD83D\uDE00"))).isTrue();
    assertThat(holds("#n < :v", "#n", "name", ":v", s("B"))).isTrue();
    assertThat(holds("#n < :v", "#n", "name", ":v", s("Ad"))).isFalse();
  }

  @Test
  void differentTypesAndMissingAttributesNeverCompareEqualOrOrdered() {
    assertThat(holds("rev = :v", ":v", s("7"))).isFalse();
    assertThat(holds("rev < :v", ":v", s("8"))).isFalse();
    assertThat(holds("rev >= :v", ":v", s("1"))).isFalse();
    assertThat(holds("absent = :v", ":v", s("7"))).isFalse();
    assertThat(holds("absent < :v", ":v", s("7"))).isFalse();
    assertThat(holds("rev <> :v", ":v", s("7"))).as("<> is the negation of =").isTrue();
    assertThat(holds("absent <> :v", ":v", s("7"))).isTrue();
    assertThat(holds("rev IN (:a, :b)", ":a", s("7"), ":b", n("7"))).isTrue();
    assertThat(holds("rev IN (:a)", ":a", s("7"))).isFalse();
  }

  @Test
  void existenceAndType() {
    assertThat(holds("attribute_exists(holds.#c)", "#c", "chat-1")).isTrue();
    assertThat(holds("attribute_exists(history[0].s)")).isTrue();
    assertThat(holds("attribute_exists(history[5])")).isFalse();
    assertThat(
            holds(
                "attribute_not_exists(lastDisconnectAt) OR lastDisconnectAt <= :at",
                ":at",
                n("999")))
        .isFalse();
    assertThat(holds("attribute_type(conns, :t)", ":t", s("SS"))).isTrue();
    assertThat(holds("attribute_type(rev, :t)", ":t", s("S"))).isFalse();
  }

  @Test
  void containsAndBeginsWith() {
    assertThat(holds("contains(conns, :c)", ":c", s("c2"))).isTrue();
    assertThat(holds("contains(conns, :c)", ":c", s("c")))
        .as("set membership, not substring")
        .isFalse();
    assertThat(holds("contains(#n, :c)", "#n", "name", ":c", s("d"))).isTrue();
    assertThat(holds("contains(history, :c)", ":c", s("x"))).isTrue();
    assertThat(holds("NOT contains(conns, :c)", ":c", s("c9"))).isTrue();
    assertThat(holds("contains(absent, :c)", ":c", s("c9"))).isFalse();
    assertThat(holds("begins_with(#n, :p)", "#n", "name", ":p", s("Ad"))).isTrue();
    assertThat(holds("begins_with(rev, :p)", ":p", s("7"))).isFalse();
    Map<String, AttributeValue> binary =
        Map.of("b", AttributeValue.fromB(SdkBytes.fromUtf8String("hello")));
    assertThat(
            holds(
                binary,
                "begins_with(b, :p)",
                ":p",
                AttributeValue.fromB(SdkBytes.fromUtf8String("he"))))
        .isTrue();
  }

  @Test
  void sizeOfEachType() {
    assertThat(holds("size(#n) = :v", "#n", "name", ":v", n("3"))).isTrue();
    assertThat(holds("size(conns) = :v", ":v", n("2"))).isTrue();
    assertThat(holds("size(history) = :v", ":v", n("2"))).isTrue();
    assertThat(holds("size(holds) = :v", ":v", n("1"))).isTrue();
    assertThat(holds("size(rev) >= :v", ":v", n("0"))).as("a number has no size").isFalse();
  }

  @Test
  void setsAreEqualWhateverTheirOrder() {
    assertThat(holds("conns = :v", ":v", AttributeValue.fromSs(List.of("c2", "c1")))).isTrue();
    assertThat(holds("conns = :v", ":v", AttributeValue.fromSs(List.of("c1")))).isFalse();
  }

  @Test
  void theSettlingScanFilter() {
    String filter =
        "(pendingKey < :settling AND requestedAt < :before) OR pendingKey BETWEEN :settling AND"
            + " :due";
    Object[] values = {":settling", s("5"), ":due", s("5|200"), ":before", n("100")};

    assertThat(holds(Map.of("pendingKey", s("1|050"), "requestedAt", n("50")), filter, values))
        .isTrue();
    assertThat(holds(Map.of("pendingKey", s("1|050"), "requestedAt", n("150")), filter, values))
        .isFalse();
    assertThat(holds(Map.of("pendingKey", s("5|100"), "requestedAt", n("150")), filter, values))
        .isTrue();
    assertThat(holds(Map.of("pendingKey", s("5|300"), "requestedAt", n("50")), filter, values))
        .isFalse();
  }

  @Test
  void anAbsentItemIsEmpty() {
    assertThat(holds(Map.of(), "attribute_not_exists(chatId)")).isTrue();
    assertThat(
            holds(
                Map.of(), "attribute_exists(chatId) AND chatState <> :ended", ":ended", s("ended")))
        .isFalse();
  }
}
