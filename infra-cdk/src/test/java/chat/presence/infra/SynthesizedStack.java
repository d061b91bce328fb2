package chat.presence.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized once per context for the whole test run (each synthesis takes seconds),
 * with navigation over its template. The handlers jar is a placeholder so that the tests do not
 * depend on the functions module having been packaged.
 */
final class SynthesizedStack {
  private static final Map<Map<String, Object>, SynthesizedStack> CACHE = new HashMap<>();
  private static Path placeholderJar;

  final Template template;
  final Map<String, Object> json;

  private SynthesizedStack(Template template) {
    this.template = template;
    this.json = template.toJSON();
  }

  static SynthesizedStack withDefaults() {
    return withContext(Map.of());
  }

  static synchronized SynthesizedStack withContext(Map<String, Object> context) {
    return CACHE.computeIfAbsent(context, SynthesizedStack::synthesize);
  }

  static synchronized Path placeholderJar() {
    if (placeholderJar == null) {
      try {
        placeholderJar = Files.createTempFile("functions-lambda", ".jar");
        Files.writeString(placeholderJar, "placeholder for the handlers jar");
        placeholderJar.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return placeholderJar;
  }

  private static SynthesizedStack synthesize(Map<String, Object> context) {
    Map<String, Object> fullContext = new HashMap<>(context);
    fullContext.putIfAbsent("functionsJar", placeholderJar().toString());
    App app = new App(AppProps.builder().context(fullContext).build());
    PresenceConfig config = PresenceConfig.fromContext(app.getNode());
    var stack = new PresenceStack(app, "Test", StackProps.builder().build(), config);
    return new SynthesizedStack(Template.fromStack(stack));
  }

  /** Logical id to resource, for every resource of the type. */
  Map<String, Map<String, Object>> resources(String type) {
    Map<String, Map<String, Object>> matching = new HashMap<>();
    map(json.get("Resources"))
        .forEach(
            (id, resource) -> {
              if (type.equals(map(resource).get("Type"))) {
                matching.put(id, map(resource));
              }
            });
    return matching;
  }

  static Map<String, Object> properties(Map<String, Object> resource) {
    return map(resource.get("Properties"));
  }

  /** The logical id of the handler's function. */
  String functionId(Handler handler) {
    return resources("AWS::Lambda::Function").entrySet().stream()
        .filter(e -> handler.handlerString().equals(properties(e.getValue()).get("Handler")))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("No function for " + handler));
  }

  Map<String, Object> functionProperties(Handler handler) {
    return properties(resources("AWS::Lambda::Function").get(functionId(handler)));
  }

  /** The logical id of the handler's "live" alias. */
  String aliasId(Handler handler) {
    Map<String, Object> functionRef = ref(functionId(handler));
    return resources("AWS::Lambda::Alias").entrySet().stream()
        .filter(e -> functionRef.equals(properties(e.getValue()).get("FunctionName")))
        .filter(e -> PresenceFunction.ALIAS_NAME.equals(properties(e.getValue()).get("Name")))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("No live alias for " + handler));
  }

  /** Every statement of the inline policies attached to the handler's role. */
  List<Map<String, Object>> statementsOf(Handler handler) {
    Object roleArn = functionProperties(handler).get("Role");
    String roleId = (String) list(map(roleArn).get("Fn::GetAtt")).get(0);
    return resources("AWS::IAM::Policy").values().stream()
        .map(SynthesizedStack::properties)
        .filter(policy -> list(policy.get("Roles")).contains(ref(roleId)))
        .flatMap(SynthesizedStack::statements)
        .toList();
  }

  /** Every statement of every inline policy of the stack. */
  Stream<Map<String, Object>> allStatements() {
    return resources("AWS::IAM::Policy").values().stream()
        .map(SynthesizedStack::properties)
        .flatMap(SynthesizedStack::statements);
  }

  Optional<Object> output(String name) {
    return Optional.ofNullable(map(json.getOrDefault("Outputs", Map.of())).get(name))
        .map(output -> map(output).get("Value"));
  }

  static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  /** Action or Resource of a statement, which CloudFormation allows as a value or a list. */
  static List<Object> asList(Object valueOrList) {
    return valueOrList instanceof List<?> values ? List.copyOf(values) : List.of(valueOrList);
  }

  /** A string the way CloudFormation renders it: CDK tokens become Fn::Join parts. */
  static boolean mentions(Object json, String text) {
    return Objects.toString(json).contains(text);
  }

  private static Stream<Map<String, Object>> statements(Map<String, Object> policy) {
    return list(map(policy.get("PolicyDocument")).get("Statement")).stream()
        .map(SynthesizedStack::map);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object json) {
    return (List<Object>) json;
  }
}
