package chat.presence.functions.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.functions.fakes.dynamo.Condition;
import chat.presence.functions.fakes.dynamo.DocumentPath;
import chat.presence.functions.fakes.dynamo.ExpressionContext;
import chat.presence.functions.fakes.dynamo.ExpressionException;
import chat.presence.functions.fakes.dynamo.ExpressionParser;
import chat.presence.functions.fakes.dynamo.Operand;
import chat.presence.functions.fakes.dynamo.UpdateAction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExpressionParserTest {
  private static final AttributeValue ONE = AttributeValue.fromN("1");
  private static final AttributeValue A = AttributeValue.fromS("a");

  private static ExpressionContext context(
      Map<String, String> names, Map<String, AttributeValue> values) {
    return ExpressionContext.of(names.isEmpty() ? null : names, values.isEmpty() ? null : values);
  }

  private static Condition condition(String text, Map<String, AttributeValue> values) {
    return ExpressionParser.condition(text, context(Map.of(), values)).condition();
  }

  @Test
  void andBindsTighterThanOr() {
    Condition parsed = condition("a = :v OR b = :v AND c = :v", Map.of(":v", ONE));

    assertThat(parsed).isInstanceOf(Condition.Or.class);
    assertThat(((Condition.Or) parsed).right()).isInstanceOf(Condition.And.class);
  }

  @Test
  void parenthesesGroupAndNotAppliesToWhatFollows() {
    Condition parsed = condition("NOT (a = :v OR b = :v) AND c = :v", Map.of(":v", ONE));

    assertThat(parsed).isInstanceOf(Condition.And.class);
    Condition left = ((Condition.And) parsed).left();
    assertThat(left).isInstanceOf(Condition.Not.class);
    assertThat(((Condition.Not) left).condition()).isInstanceOf(Condition.Or.class);
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Condition parsed =
        condition(
            "a between :lo and :hi or not b in (:lo, :hi)",
            Map.of(":lo", ONE, ":hi", AttributeValue.fromN("2")));

    assertThat(parsed).isInstanceOf(Condition.Or.class);
    assertThat(((Condition.Or) parsed).left()).isInstanceOf(Condition.Between.class);
  }

  @Test
  void betweenConsumesItsOwnAnd() {
    Condition parsed =
        condition(
            "siteId = :s AND pendingKey BETWEEN :a AND :b",
            Map.of(":s", A, ":a", A, ":b", AttributeValue.fromS("b")));

    Condition.And and = (Condition.And) parsed;
    assertThat(and.left()).isInstanceOf(Condition.Comparison.class);
    assertThat(and.right()).isInstanceOf(Condition.Between.class);
  }

  @Test
  void documentPathsResolvePlaceholdersNestingAndIndexes() {
    var parsed =
        ExpressionParser.condition(
            "attribute_not_exists(holds.#c) AND history[2].s = :v AND #m.#c[0] = :v",
            context(Map.of("#c", "chat-1", "#m", "meta"), Map.of(":v", A)));

    List<Operand> operands =
        List.of(
            ((Condition.Function)
                    ((Condition.And) ((Condition.And) parsed.condition()).left()).left())
                .arguments()
                .get(0));
    assertThat(((Operand.Path) operands.get(0)).path())
        .isEqualTo(DocumentPath.of("holds", "chat-1"));
    assertThat(parsed.pathHeads()).containsExactlyInAnyOrder("holds", "history", "meta");
    assertThat(parsed.nestedHeads()).containsExactlyInAnyOrder("holds", "history", "meta");
  }

  @Test
  void sizeIsAnOperand() {
    Condition parsed = condition("size(holds) < maxChats", Map.of());

    Condition.Comparison comparison = (Condition.Comparison) parsed;
    assertThat(comparison.left()).isInstanceOf(Operand.Size.class);
    assertThat(comparison.right()).isInstanceOf(Operand.Path.class);
  }

  @Test
  void parenthesisedOperandsAndConditionsBothParse() {
    assertThat(condition("(a) = :v", Map.of(":v", A))).isInstanceOf(Condition.Comparison.class);
    assertThat(condition("(a = :v)", Map.of(":v", A))).isInstanceOf(Condition.Comparison.class);
    assertThat(condition("(size(a)) < :v", Map.of(":v", ONE)))
        .isInstanceOf(Condition.Comparison.class);
    assertThat(condition("(attribute_exists(a))", Map.of())).isInstanceOf(Condition.Function.class);
  }

  @Test
  void redundantParenthesesAreRefused() {
    assertRefused(() -> condition("((a = :v))", Map.of(":v", A)), "redundant parentheses");
    assertRefused(() -> condition("((a)) = :v", Map.of(":v", A)), "redundant parentheses");
  }

  @Test
  void syntaxErrorsAreReported() {
    assertRefused(() -> condition("a = ", Map.of()), "Syntax error");
    assertRefused(() -> condition("a", Map.of()), "Syntax error");
    assertRefused(() -> condition("a = :v AND", Map.of(":v", A)), "Syntax error");
    assertRefused(() -> condition("a = :v :v", Map.of(":v", A)), "Syntax error");
    assertRefused(() -> condition("a ! :v", Map.of(":v", A)), "Syntax error");
    assertRefused(() -> condition("", Map.of()), "The expression can not be empty;");
  }

  @Test
  void undefinedPlaceholdersAreRefused() {
    assertRefused(
        () -> condition("a = :missing", Map.of()),
        "An expression attribute value used in expression is not defined; attribute value:"
            + " :missing");
    assertRefused(
        () -> condition("#missing = :v", Map.of(":v", A)),
        "An expression attribute name used in the document path is not defined; attribute name:"
            + " #missing");
  }

  @Test
  void reservedWordsMustBeEscaped() {
    assertRefused(
        () -> condition("status = :v", Map.of(":v", A)),
        "Attribute name is a reserved keyword; reserved keyword: status");
    assertRefused(
        () -> ExpressionParser.update("SET history.data = :v", context(Map.of(), Map.of(":v", A))),
        "reserved keyword: data");
    assertThat(
            ExpressionParser.condition("#s = :v", context(Map.of("#s", "status"), Map.of(":v", A)))
                .condition())
        .isInstanceOf(Condition.Comparison.class);
  }

  @Test
  void functionsAreChecked() {
    assertRefused(() -> condition("fancy(a)", Map.of()), "Invalid function name; function: fancy");
    assertRefused(
        () -> condition("size(a)", Map.of()),
        "The function is not allowed to be used this way in an expression; function: size");
    assertRefused(
        () -> condition("attribute_exists(a) = :v", Map.of(":v", A)),
        "The function is not allowed to be used this way in an expression; function:"
            + " attribute_exists");
    assertRefused(
        () -> condition("attribute_exists(:v)", Map.of(":v", A)),
        "Operator or function requires a document path; operator or function: attribute_exists");
    assertRefused(
        () -> condition("begins_with(a, :n)", Map.of(":n", ONE)),
        "Incorrect operand type for operator or function; operator or function: begins_with,"
            + " operand type: N");
    assertRefused(
        () -> condition("contains(a)", Map.of()),
        "Incorrect number of operands for operator or function; operator or function: contains,"
            + " number of operands: 1");
    assertRefused(
        () -> condition("attribute_type(a, :t)", Map.of(":t", AttributeValue.fromS("STRING"))),
        "Invalid attribute type name found; type: STRING");
    assertRefused(
        () -> condition("a = a", Map.of()),
        "The first operand must be distinct from the remaining operands for this operator or"
            + " function; operator: =, first operand: [a]");
  }

  @Test
  void betweenBoundsMustBeOrdered() {
    assertRefused(
        () ->
            condition(
                "a BETWEEN :hi AND :lo", Map.of(":lo", ONE, ":hi", AttributeValue.fromN("2"))),
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
    assertRefused(
        () -> condition("a BETWEEN :lo AND :s", Map.of(":lo", ONE, ":s", A)),
        "The BETWEEN operator requires same data type for lower and upper bounds");
  }

  @Test
  void updateClausesInAnyOrderWithSeveralActions() {
    var parsed =
        ExpressionParser.update(
            "ADD conns :conn, rev :one SET maxChats = :max, holds = if_not_exists(holds, :none)"
                + " REMOVE lastDisconnectAt, oldHolds.#c DELETE tags :conn",
            context(
                Map.of("#c", "chat-1"),
                Map.of(
                    ":conn",
                    AttributeValue.fromSs(List.of("c1")),
                    ":one",
                    ONE,
                    ":max",
                    ONE,
                    ":none",
                    AttributeValue.fromM(Map.of()))));

    assertThat(parsed.actions())
        .extracting(action -> action.getClass().getSimpleName())
        .containsExactly("Add", "Add", "Set", "Set", "Remove", "Remove", "Delete");
    UpdateAction.Set ifNotExists = (UpdateAction.Set) parsed.actions().get(3);
    assertThat(ifNotExists.value()).isInstanceOf(Operand.IfNotExists.class);
    assertThat(parsed.nestedHeads()).containsExactly("oldHolds");
  }

  @Test
  void arithmeticAndListAppend() {
    var parsed =
        ExpressionParser.update(
            "SET gen = gen + :one, lo = :one - gen, h = list_append(h, :l),"
                + " c = if_not_exists(c, :one) + :one, p = (q)",
            context(Map.of(), Map.of(":one", ONE, ":l", AttributeValue.fromL(List.of(A)))));

    assertThat(parsed.actions())
        .extracting(action -> ((UpdateAction.Set) action).value().getClass().getSimpleName())
        .containsExactly("Arithmetic", "Arithmetic", "ListAppend", "Arithmetic", "Path");
  }

  @Test
  void updateMistakesAreRefused() {
    ExpressionContext values =
        context(
            Map.of(), Map.of(":v", A, ":one", ONE, ":set", AttributeValue.fromSs(List.of("x"))));
    assertRefused(
        () -> ExpressionParser.update("SET a = :one SET b = :one", values),
        "The \"SET\" section can only be used once in an update expression;");
    assertRefused(
        () -> ExpressionParser.update("SET holds = :v, holds.c = :v", values),
        "Two document paths overlap with each other; must remove or rewrite one of these paths;"
            + " path one: [holds], path two: [holds, c]");
    assertRefused(
        () -> ExpressionParser.update("SET a.b = :v REMOVE a[0]", values),
        "Two document paths conflict with each other");
    assertRefused(
        () -> ExpressionParser.update("ADD a :v", values),
        "Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
    assertRefused(
        () -> ExpressionParser.update("DELETE a :one", values),
        "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
    assertRefused(
        () -> ExpressionParser.update("SET a = :v + :one", values),
        "Incorrect operand type for operator or function; operator or function: +, operand type:"
            + " S");
    assertRefused(
        () -> ExpressionParser.update("SET a = if_not_exists(:v, :v)", values),
        "Operator or function requires a document path; operator or function: if_not_exists");
    assertRefused(
        () -> ExpressionParser.update("SET a = size(b)", values),
        "Invalid function name; function: size");
    assertRefused(() -> ExpressionParser.update("SET a :v", values), "Syntax error");
    assertRefused(() -> ExpressionParser.update("UPSERT a = :v", values), "Syntax error");
    assertRefused(() -> ExpressionParser.update("ADD a b", values), "Syntax error");
  }

  @Test
  void projectionsListPathsAndRefuseOverlaps() {
    var parsed =
        ExpressionParser.projection(
            "siteId, #h[0].s, holds.#c", context(Map.of("#h", "history", "#c", "c1"), Map.of()));

    assertThat(parsed.paths())
        .containsExactly(
            DocumentPath.of("siteId"),
            DocumentPath.of("history", 0, "s"),
            DocumentPath.of("holds", "c1"));
    assertRefused(
        () -> ExpressionParser.projection("a, a.b", ExpressionContext.empty()),
        "Two document paths overlap");
  }

  @Test
  void unusedPlaceholdersAreReportedAfterParsing() {
    ExpressionContext context =
        context(Map.of("#used", "a", "#spare", "b"), Map.of(":used", A, ":spare", A));
    ExpressionParser.condition("#used = :used", context);

    assertThat(context.unusedProblem())
        .hasValue(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#spare}");
  }

  @Test
  void malformedPlaceholdersAndValuesAreRefusedUpFront() {
    assertRefused(
        () -> ExpressionContext.of(null, Map.of(":empty", AttributeValue.fromSs(List.of()))),
        "ExpressionAttributeValues contains invalid value: One or more parameter values were"
            + " invalid: An string set  may not be empty for key :empty");
    assertRefused(
        () -> ExpressionContext.of(Map.of("name", "a"), null),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"name\"");
    assertRefused(
        () -> ExpressionContext.of(null, Map.of()), "ExpressionAttributeValues must not be empty");
  }

  private static void assertRefused(Runnable parse, String message) {
    assertThatThrownBy(parse::run)
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining(message);
  }
}
