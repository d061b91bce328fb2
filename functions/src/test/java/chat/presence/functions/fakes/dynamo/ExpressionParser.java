package chat.presence.functions.fakes.dynamo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A recursive-descent parser for DynamoDB's expression language: conditions (also filters and key
 * conditions), update expressions and projection expressions.
 *
 * <p>Like DynamoDB (and dynalite), it checks more than syntax: placeholders must be defined,
 * reserved words must not be used as bare names, functions must be known and used with the right
 * number and types of operands, update paths must not overlap, and parentheses must not be
 * redundant. Syntax errors stop the parse; the other problems are collected and the one DynamoDB
 * reports first is thrown at the end.
 */
public final class ExpressionParser {
  /** A condition expression with the attributes it refers to. */
  public record ParsedCondition(
      Condition condition, Set<String> pathHeads, Set<String> nestedHeads) {}

  /** An update expression: its actions in order, and every path it writes. */
  public record ParsedUpdate(
      List<UpdateAction> actions, List<DocumentPath> paths, Set<String> nestedHeads) {}

  /** A projection expression: the paths to return. */
  public record ParsedProjection(List<DocumentPath> paths, Set<String> nestedHeads) {}

  private static final List<String> CONDITION_ERROR_ORDER =
      List.of("parens", "unknownFunction", "misusedFunction", "reserved", "condition");

  /** Which problem of a simple condition counts, fixed when the first one with a problem ends. */
  private static final List<String> SIMPLE_CONDITION_ERROR_ORDER =
      List.of("attrNameVal", "operand", "distinct", "function");

  private static final List<String> UPDATE_ERROR_ORDER =
      List.of(
          "reserved",
          "unknownFunction",
          "section",
          "attrName",
          "attrVal",
          "pathOverlap",
          "pathConflict",
          "operand",
          "function");
  private static final List<String> PROJECTION_ERROR_ORDER =
      List.of("reserved", "attrNameVal", "pathOverlap", "pathConflict");

  private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
  private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");
  private static final Map<String, Integer> CONDITION_FUNCTIONS =
      Map.of(
          "attribute_exists", 1,
          "attribute_not_exists", 1,
          "attribute_type", 2,
          "begins_with", 2,
          "contains", 2,
          "size", 1);
  private static final Map<String, Integer> UPDATE_FUNCTIONS =
      Map.of("if_not_exists", 2, "list_append", 2);
  private static final Set<String> TYPE_NAMES =
      Set.of("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M");

  private enum Type {
    IDENT,
    NAME,
    VALUE,
    NUMBER,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    DOT,
    COMMA,
    COMPARATOR,
    PLUS,
    MINUS,
    EOF
  }

  private record Token(Type type, String text, int offset) {}

  /** A syntax error: stops the parse (or makes it try another alternative). */
  private static final class SyntaxFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxFailure(String message) {
      super(message, null, false, false);
    }
  }

  private record Span(int start, int end) {}

  private final String text;
  private final List<Token> tokens;
  private final ExpressionContext context;
  private final Set<String> keywords;
  private final Map<String, String> errors = new HashMap<>();
  private final Set<String> pathHeads = new LinkedHashSet<>();
  private final Set<String> nestedHeads = new LinkedHashSet<>();
  private int position;
  private Span lastParenthesized;

  private ExpressionParser(String text, ExpressionContext context, Set<String> keywords) {
    this.text = text;
    this.context = context;
    this.keywords = keywords;
    this.tokens = tokenize(text);
  }

  // ---------------------------------------------------------------- entry points

  /** A ConditionExpression, FilterExpression or KeyConditionExpression. */
  public static ParsedCondition condition(String text, ExpressionContext context) {
    ExpressionParser parser =
        new ExpressionParser(checkedNotEmpty(text), context, CONDITION_KEYWORDS);
    Condition condition = parser.run(parser::parseOr, CONDITION_ERROR_ORDER);
    return new ParsedCondition(
        condition, Set.copyOf(parser.pathHeads), Set.copyOf(parser.nestedHeads));
  }

  /** An UpdateExpression. */
  public static ParsedUpdate update(String text, ExpressionContext context) {
    ExpressionParser parser = new ExpressionParser(checkedNotEmpty(text), context, UPDATE_KEYWORDS);
    List<UpdateAction> actions = parser.run(parser::parseUpdate, UPDATE_ERROR_ORDER);
    return new ParsedUpdate(
        actions, actions.stream().map(UpdateAction::path).toList(), Set.copyOf(parser.nestedHeads));
  }

  /** A ProjectionExpression. */
  public static ParsedProjection projection(String text, ExpressionContext context) {
    ExpressionParser parser = new ExpressionParser(checkedNotEmpty(text), context, Set.of());
    List<DocumentPath> paths = parser.run(parser::parseProjection, PROJECTION_ERROR_ORDER);
    return new ParsedProjection(paths, Set.copyOf(parser.nestedHeads));
  }

  private static String checkedNotEmpty(String text) {
    if (text.isEmpty()) {
      throw new ExpressionException("The expression can not be empty;");
    }
    return text;
  }

  private <T> T run(java.util.function.Supplier<T> rule, List<String> errorOrder) {
    try {
      T result = rule.get();
      if (peek().type() != Type.EOF) {
        throw syntaxError();
      }
      for (String category : errorOrder) {
        String message = errors.get(category);
        if (message != null) {
          throw new ExpressionException(message);
        }
      }
      return result;
    } catch (SyntaxFailure failure) {
      throw new ExpressionException(failure.getMessage());
    }
  }

  // ---------------------------------------------------------------- conditions

  private Condition parseOr() {
    Condition left = parseAnd();
    while (atKeyword("OR")) {
      next();
      left = new Condition.Or(left, parseAnd());
    }
    return left;
  }

  private Condition parseAnd() {
    Condition left = parseNot();
    while (atKeyword("AND")) {
      next();
      left = new Condition.And(left, parseNot());
    }
    return left;
  }

  private Condition parseNot() {
    if (atKeyword("NOT")) {
      next();
      return new Condition.Not(parseNot());
    }
    return parsePrimary();
  }

  private Condition parsePrimary() {
    int start = position;
    Object[] snapshot = snapshot();
    try {
      Condition simple = parseSimpleCondition();
      settleConditionError();
      return simple;
    } catch (SyntaxFailure failure) {
      if (tokens.get(start).type() != Type.LPAREN) {
        throw failure;
      }
      restore(snapshot, start);
    }
    expect(Type.LPAREN);
    int innerStart = position;
    Condition inner = parseOr();
    if (lastParenthesized != null
        && lastParenthesized.start() == innerStart
        && lastParenthesized.end() == position) {
      error("parens", "The expression has redundant parentheses;");
    }
    expect(Type.RPAREN);
    lastParenthesized = new Span(start, position);
    return inner;
  }

  private Condition parseSimpleCondition() {
    Object left = parseConditionOperand();
    Token token = peek();
    if (token.type() == Type.COMPARATOR) {
      next();
      Object right = parseConditionOperand();
      Operand l = operand(left);
      Operand r = operand(right);
      checkDistinct(token.text(), List.of(l, r));
      return new Condition.Comparison(token.text(), l, r);
    }
    if (atKeyword("BETWEEN")) {
      next();
      Object lower = parseConditionOperand();
      expectKeyword("AND");
      Object upper = parseConditionOperand();
      Operand value = operand(left);
      Operand l = operand(lower);
      Operand u = operand(upper);
      checkBetweenBounds(l, u);
      return new Condition.Between(value, l, u);
    }
    if (atKeyword("IN")) {
      next();
      expect(Type.LPAREN);
      List<Object> candidates = parseArguments(this::parseConditionOperand);
      expect(Type.RPAREN);
      Operand value = operand(left);
      return new Condition.In(value, candidates.stream().map(this::operand).toList());
    }
    if (left instanceof Condition.Function function) {
      return function;
    }
    if (left instanceof Operand.Size) {
      error(
          "misusedFunction",
          "The function is not allowed to be used this way in an expression; function: size");
      return new Condition.Function("size", List.of((Operand) left));
    }
    throw syntaxError();
  }

  /** An operand, possibly in parentheses: a path, a value, or a function call. */
  private Object parseConditionOperand() {
    if (peek().type() == Type.LPAREN) {
      next();
      if (peek().type() == Type.LPAREN) {
        next();
        Object inner = parseConditionOperandBare();
        expect(Type.RPAREN);
        expect(Type.RPAREN);
        error("parens", "The expression has redundant parentheses;");
        return inner;
      }
      Object inner = parseConditionOperandBare();
      expect(Type.RPAREN);
      return inner;
    }
    return parseConditionOperandBare();
  }

  private Object parseConditionOperandBare() {
    Token token = peek();
    if (token.type() == Type.IDENT
        && peek(1).type() == Type.LPAREN
        && !keywords.contains(token.text().toUpperCase(Locale.ROOT))) {
      next();
      next();
      List<Object> arguments = parseArguments(this::parseConditionOperand);
      expect(Type.RPAREN);
      return conditionFunction(token.text(), arguments);
    }
    if (token.type() == Type.VALUE) {
      next();
      return value(token.text());
    }
    DocumentPath path = parsePath();
    pathHeads.add(path.head());
    if (path.isNested()) {
      nestedHeads.add(path.head());
    }
    return new Operand.Path(path);
  }

  private Object conditionFunction(String name, List<Object> rawArguments) {
    // A function's operands may be paths, values or size(); any other function is misused there.
    List<Operand> arguments = rawArguments.stream().map(this::operand).toList();
    Integer arity = CONDITION_FUNCTIONS.get(name);
    if (arity == null) {
      error("unknownFunction", "Invalid function name; function: " + name);
      return new Condition.Function(name, arguments);
    }
    if (arity != arguments.size()) {
      error(
          "operand",
          "Incorrect number of operands for operator or function; operator or function: "
              + name
              + ", number of operands: "
              + arguments.size());
      return name.equals("size")
          ? new Operand.Size(arguments.isEmpty() ? null : arguments.get(0))
          : new Condition.Function(name, arguments);
    }
    checkDistinct(name, arguments);
    switch (name) {
      case "attribute_exists", "attribute_not_exists" -> {
        if (!(arguments.get(0) instanceof Operand.Path)) {
          error(
              "function",
              "Operator or function requires a document path; operator or function: " + name);
        }
      }
      case "begins_with" -> {
        for (Operand argument : arguments) {
          staticType(argument)
              .filter(type -> !type.equals("S") && !type.equals("B"))
              .ifPresent(type -> incorrectOperandType(name, type));
        }
      }
      case "attribute_type" -> {
        Optional<String> type = staticType(arguments.get(1));
        if (type.isEmpty() || !type.get().equals("S")) {
          incorrectOperandType(name, type.orElse("{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
        } else {
          String typeName = ((Operand.Value) arguments.get(1)).value().s();
          if (!TYPE_NAMES.contains(typeName)) {
            error(
                "function",
                "Invalid attribute type name found; type: "
                    + typeName
                    + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
          }
        }
      }
      case "size" -> {
        staticType(arguments.get(0))
            .filter(type -> type.equals("N") || type.equals("BOOL") || type.equals("NULL"))
            .ifPresent(type -> incorrectOperandType(name, type));
        return new Operand.Size(arguments.get(0));
      }
      default -> {
        // contains: any operands
      }
    }
    return new Condition.Function(name, arguments);
  }

  private void incorrectOperandType(String function, String type) {
    error(
        "function",
        "Incorrect operand type for operator or function; operator or function: "
            + function
            + ", operand type: "
            + type);
  }

  /** Only size() is a value; any other function used as an operand is misused. */
  private Operand operand(Object parsed) {
    if (parsed instanceof Condition.Function function) {
      error(
          "misusedFunction",
          "The function is not allowed to be used this way in an expression; function: "
              + function.name());
      return new Operand.Unknown(function.name(), List.copyOf(function.arguments()));
    }
    return (Operand) parsed;
  }

  private void checkDistinct(String operator, List<Operand> arguments) {
    if (arguments.size() == 2
        && arguments.get(0) instanceof Operand.Path first
        && arguments.get(1) instanceof Operand.Path second
        && first.path().equals(second.path())) {
      error(
          "distinct",
          "The first operand must be distinct from the remaining operands for this operator or"
              + " function; operator: "
              + operator
              + ", first operand: "
              + first.path());
    }
  }

  private void checkBetweenBounds(Operand lower, Operand upper) {
    if (lower instanceof Operand.Value l
        && upper instanceof Operand.Value u
        && l.value() != null
        && u.value() != null) {
      Values.Kind lowerKind = Values.kind(l.value());
      Values.Kind upperKind = Values.kind(u.value());
      if (lowerKind != upperKind) {
        error(
            "function",
            "The BETWEEN operator requires same data type for lower and upper bounds; lower bound"
                + " operand: AttributeValue: {"
                + lowerKind
                + ":"
                + scalar(l.value())
                + "}, upper bound operand: AttributeValue: {"
                + upperKind
                + ":"
                + scalar(u.value())
                + "}");
      } else if (Values.isOrdered(lowerKind) && Values.compare(l.value(), u.value()) > 0) {
        error(
            "function",
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound;"
                + " lower bound operand: AttributeValue: {"
                + lowerKind
                + ":"
                + scalar(l.value())
                + "}, upper bound operand: AttributeValue: {"
                + upperKind
                + ":"
                + scalar(u.value())
                + "}");
      }
    }
  }

  /** A value as DynamoDB (and dynalite) print it in the BETWEEN messages. */
  private static String scalar(AttributeValue value) {
    if (value.s() != null) {
      return value.s();
    }
    if (value.n() != null) {
      return value.n();
    }
    if (value.hasSs()) {
      return String.join(",", value.ss());
    }
    if (value.hasNs()) {
      return String.join(",", value.ns());
    }
    if (value.bool() != null) {
      return value.bool().toString();
    }
    if (value.nul() != null) {
      return value.nul().toString();
    }
    if (value.b() != null) {
      return java.util.Base64.getEncoder().encodeToString(value.b().asByteArray());
    }
    return "[object Object]"; // dynalite prints maps and lists as JavaScript does
  }

  /** The type an operand is known to have before any item is seen (values and functions). */
  private static Optional<String> staticType(Operand operand) {
    if (operand instanceof Operand.Value value && value.value() != null) {
      return Optional.of(Values.kind(value.value()).name());
    }
    if (operand instanceof Operand.Size) {
      return Optional.of("N");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- update expressions

  private List<UpdateAction> parseUpdate() {
    List<UpdateAction> actions = new ArrayList<>();
    Set<String> sections = new LinkedHashSet<>();
    List<DocumentPath> paths = new ArrayList<>();
    do {
      Token token = peek();
      String section = token.type() == Type.IDENT ? token.text().toUpperCase(Locale.ROOT) : "";
      if (!UPDATE_KEYWORDS.contains(section)) {
        throw syntaxError();
      }
      next();
      List<UpdateAction> sectionActions = new ArrayList<>();
      do {
        UpdateAction action =
            switch (section) {
              case "SET" -> parseSetAction();
              case "REMOVE" -> new UpdateAction.Remove(parseUpdatePath());
              case "ADD" -> parseAddOrDelete(true);
              default -> parseAddOrDelete(false);
            };
        checkOverlap(paths, action.path());
        sectionActions.add(action);
      } while (consume(Type.COMMA));
      if (!sections.add(section)) {
        error(
            "section",
            "The \"" + section + "\" section can only be used once in an update expression;");
      }
      actions.addAll(sectionActions);
    } while (peek().type() != Type.EOF);
    return actions;
  }

  private UpdateAction parseSetAction() {
    DocumentPath path = parseUpdatePath();
    Token equals = peek();
    if (equals.type() != Type.COMPARATOR || !equals.text().equals("=")) {
      throw syntaxError();
    }
    next();
    return new UpdateAction.Set(path, parseSetValue());
  }

  private Operand parseSetValue() {
    int start = position;
    Object[] snapshot = snapshot();
    try {
      Operand left = parseUpdateOperandParens();
      Token token = peek();
      if (token.type() == Type.PLUS || token.type() == Type.MINUS) {
        next();
        Operand right = parseUpdateOperandParens();
        String operator = token.text();
        for (Operand argument : List.of(left, right)) {
          immediateType(argument)
              .filter(type -> !type.equals("N"))
              .ifPresent(type -> incorrectOperandType(operator, type));
        }
        return new Operand.Arithmetic(operator.charAt(0), left, right);
      }
      return left;
    } catch (SyntaxFailure failure) {
      if (tokens.get(start).type() != Type.LPAREN) {
        throw failure;
      }
      restore(snapshot, start);
    }
    expect(Type.LPAREN);
    Operand inner = parseSetValue();
    expect(Type.RPAREN);
    return inner;
  }

  private Operand parseUpdateOperandParens() {
    if (peek().type() == Type.LPAREN) {
      next();
      Operand inner = parseUpdateOperand();
      expect(Type.RPAREN);
      return inner;
    }
    return parseUpdateOperand();
  }

  private Operand parseUpdateOperand() {
    Token token = peek();
    if (token.type() == Type.IDENT
        && peek(1).type() == Type.LPAREN
        && !keywords.contains(token.text().toUpperCase(Locale.ROOT))) {
      next();
      next();
      List<Operand> arguments = parseArguments(this::parseUpdateOperandParens);
      expect(Type.RPAREN);
      return updateFunction(token.text(), arguments);
    }
    if (token.type() == Type.VALUE) {
      next();
      return value(token.text());
    }
    return new Operand.Path(parseUpdatePath());
  }

  private Operand updateFunction(String name, List<Operand> arguments) {
    Integer arity = UPDATE_FUNCTIONS.get(name);
    if (arity == null) {
      error("unknownFunction", "Invalid function name; function: " + name);
      return new Operand.Unknown(name, List.copyOf(arguments));
    }
    if (arity != arguments.size()) {
      error(
          "function",
          "Incorrect number of operands for operator or function; operator or function: "
              + name
              + ", number of operands: "
              + arguments.size());
      return new Operand.Unknown(name, List.copyOf(arguments));
    }
    if (name.equals("if_not_exists")) {
      if (!(arguments.get(0) instanceof Operand.Path path)) {
        error(
            "function",
            "Operator or function requires a document path; operator or function: " + name);
        return new Operand.Unknown(name, List.copyOf(arguments));
      }
      return new Operand.IfNotExists(path.path(), arguments.get(1));
    }
    for (Operand argument : arguments) {
      immediateType(argument)
          .filter(type -> !type.equals("L"))
          .ifPresent(type -> incorrectOperandType(name, type));
    }
    return new Operand.ListAppend(arguments.get(0), arguments.get(1));
  }

  private UpdateAction parseAddOrDelete(boolean add) {
    DocumentPath path = parseUpdatePath();
    Token token = peek();
    if (token.type() != Type.VALUE) {
      throw syntaxError();
    }
    next();
    Operand.Value value = value(token.text());
    if (value.value() != null) {
      Values.Kind kind = Values.kind(value.value());
      String typeName =
          switch (kind) {
            case S -> "STRING";
            case N -> add ? null : "NUMBER";
            case B -> "BINARY";
            case NULL -> "NULL";
            case BOOL -> "BOOLEAN";
            case L -> "LIST";
            case M -> "MAP";
            default -> null;
          };
      if (typeName != null) {
        error(
            "operand",
            "Incorrect operand type for operator or function; operator: "
                + (add ? "ADD" : "DELETE")
                + ", operand type: "
                + typeName);
      }
    }
    return add
        ? new UpdateAction.Add(path, value.value())
        : new UpdateAction.Delete(path, value.value());
  }

  private DocumentPath parseUpdatePath() {
    DocumentPath path = parsePath();
    if (path.isNested()) {
      nestedHeads.add(path.head());
    }
    return path;
  }

  private static Optional<String> immediateType(Operand operand) {
    if (operand instanceof Operand.Value value && value.value() != null) {
      return Optional.of(Values.kind(value.value()).name());
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- projections

  private List<DocumentPath> parseProjection() {
    List<DocumentPath> paths = new ArrayList<>();
    do {
      DocumentPath path = parsePath();
      if (path.isNested()) {
        nestedHeads.add(path.head());
      }
      paths.add(path);
    } while (consume(Type.COMMA));
    List<DocumentPath> checked = new ArrayList<>();
    for (DocumentPath path : paths) {
      checkOverlap(checked, path);
    }
    return paths;
  }

  // ---------------------------------------------------------------- shared pieces

  private DocumentPath parsePath() {
    List<Object> elements = new ArrayList<>();
    elements.add(pathName());
    while (true) {
      if (peek().type() == Type.DOT) {
        next();
        elements.add(pathName());
      } else if (peek().type() == Type.LBRACKET) {
        next();
        Token index = peek();
        if (index.type() != Type.NUMBER) {
          throw syntaxError();
        }
        next();
        expect(Type.RBRACKET);
        elements.add(Integer.valueOf(index.text()));
      } else {
        return new DocumentPath(elements);
      }
    }
  }

  private String pathName() {
    Token token = peek();
    if (token.type() == Type.NAME) {
      next();
      Optional<String> name = context.name(token.text());
      if (name.isEmpty()) {
        error(
            keywords == UPDATE_KEYWORDS ? "attrName" : "attrNameVal",
            "An expression attribute name used in the document path is not defined; attribute"
                + " name: "
                + token.text());
        return token.text();
      }
      return name.get();
    }
    if (token.type() == Type.IDENT && !keywords.contains(token.text().toUpperCase(Locale.ROOT))) {
      next();
      if (ReservedWords.isReserved(token.text())) {
        error(
            "reserved", "Attribute name is a reserved keyword; reserved keyword: " + token.text());
      }
      return token.text();
    }
    throw syntaxError();
  }

  private Operand.Value value(String placeholder) {
    Optional<AttributeValue> value = context.value(placeholder);
    if (value.isEmpty()) {
      error(
          keywords == UPDATE_KEYWORDS ? "attrVal" : "attrNameVal",
          "An expression attribute value used in expression is not defined; attribute value: "
              + placeholder);
    }
    return new Operand.Value(placeholder, value.orElse(null));
  }

  private void checkOverlap(List<DocumentPath> earlier, DocumentPath path) {
    if (errors.containsKey("pathOverlap")) {
      return;
    }
    for (DocumentPath other : earlier) {
      List<Object> a = other.elements();
      List<Object> b = path.elements();
      boolean differs = false;
      for (int i = 0; i < a.size() && i < b.size(); i++) {
        if (a.get(i).getClass() != b.get(i).getClass()) {
          error(
              "pathConflict",
              "Two document paths conflict with each other; must remove or rewrite one of these"
                  + " paths; path one: "
                  + other
                  + ", path two: "
                  + path);
          differs = true;
          break;
        }
        if (!a.get(i).equals(b.get(i))) {
          differs = true;
          break;
        }
      }
      if (!differs) {
        error(
            "pathOverlap",
            "Two document paths overlap with each other; must remove or rewrite one of these"
                + " paths; path one: "
                + other
                + ", path two: "
                + path);
        return;
      }
    }
    earlier.add(path);
  }

  private <T> List<T> parseArguments(java.util.function.Supplier<T> argument) {
    List<T> arguments = new ArrayList<>();
    arguments.add(argument.get());
    while (consume(Type.COMMA)) {
      arguments.add(argument.get());
    }
    return arguments;
  }

  private void error(String category, String message) {
    errors.putIfAbsent(category, message);
  }

  private void settleConditionError() {
    if (errors.containsKey("condition")) {
      return;
    }
    for (String category : SIMPLE_CONDITION_ERROR_ORDER) {
      if (errors.containsKey(category)) {
        errors.put("condition", errors.get(category));
        return;
      }
    }
  }

  private Object[] snapshot() {
    return new Object[] {
      new HashMap<>(errors),
      new LinkedHashSet<>(pathHeads),
      new LinkedHashSet<>(nestedHeads),
      context.snapshot(),
      lastParenthesized
    };
  }

  @SuppressWarnings("unchecked")
  private void restore(Object[] snapshot, int start) {
    errors.clear();
    errors.putAll((Map<String, String>) snapshot[0]);
    pathHeads.clear();
    pathHeads.addAll((Set<String>) snapshot[1]);
    nestedHeads.clear();
    nestedHeads.addAll((Set<String>) snapshot[2]);
    context.restore((Object[]) snapshot[3]);
    lastParenthesized = (Span) snapshot[4];
    position = start;
  }

  // ---------------------------------------------------------------- tokens

  private Token peek() {
    return tokens.get(position);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token token = tokens.get(position);
    if (token.type() != Type.EOF) {
      position++;
    }
    return token;
  }

  private boolean consume(Type type) {
    if (peek().type() == type) {
      next();
      return true;
    }
    return false;
  }

  private void expect(Type type) {
    if (!consume(type)) {
      throw syntaxError();
    }
  }

  private boolean atKeyword(String keyword) {
    Token token = peek();
    return token.type() == Type.IDENT && token.text().equalsIgnoreCase(keyword);
  }

  private void expectKeyword(String keyword) {
    if (!atKeyword(keyword)) {
      throw syntaxError();
    }
    next();
  }

  private SyntaxFailure syntaxError() {
    Token token = peek();
    String shown = token.type() == Type.EOF ? "<EOF>" : token.text();
    int from = position > 0 ? tokens.get(position - 1).offset() : token.offset();
    Token after = peek(1);
    int to =
        token.type() == Type.EOF
            ? text.length()
            : after.type() == Type.EOF ? text.length() : after.offset() + after.text().length();
    return new SyntaxFailure(
        "Syntax error; token: \"" + shown + "\", near: \"" + text.substring(from, to) + "\"");
  }

  private static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
        continue;
      }
      int start = i;
      if (isIdentifierStart(c)) {
        i++;
        while (i < text.length() && isIdentifierPart(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Type.IDENT, text.substring(start, i), start));
      } else if (c == '#' || c == ':') {
        i++;
        while (i < text.length() && isIdentifierPart(text.charAt(i))) {
          i++;
        }
        if (i == start + 1) {
          throw new ExpressionException(
              "Syntax error; token: \"" + c + "\", near: \"" + text.substring(start) + "\"");
        }
        tokens.add(new Token(c == '#' ? Type.NAME : Type.VALUE, text.substring(start, i), start));
      } else if (c >= '0' && c <= '9') {
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        tokens.add(new Token(Type.NUMBER, text.substring(start, i), start));
      } else if (c == '<' || c == '>') {
        i++;
        if (i < text.length() && (text.charAt(i) == '=' || (c == '<' && text.charAt(i) == '>'))) {
          i++;
        }
        tokens.add(new Token(Type.COMPARATOR, text.substring(start, i), start));
      } else {
        Type type =
            switch (c) {
              case '=' -> Type.COMPARATOR;
              case '(' -> Type.LPAREN;
              case ')' -> Type.RPAREN;
              case '[' -> Type.LBRACKET;
              case ']' -> Type.RBRACKET;
              case '.' -> Type.DOT;
              case ',' -> Type.COMMA;
              case '+' -> Type.PLUS;
              case '-' -> Type.MINUS;
              default ->
                  throw new ExpressionException(
                      "Syntax error; token: \"" + c + "\", near: \"" + nearby(text, i) + "\"");
            };
        i++;
        tokens.add(new Token(type, String.valueOf(c), start));
      }
    }
    tokens.add(new Token(Type.EOF, "", text.length()));
    return tokens;
  }

  private static String nearby(String text, int at) {
    return text.substring(Math.max(0, at - 10), Math.min(text.length(), at + 10));
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
