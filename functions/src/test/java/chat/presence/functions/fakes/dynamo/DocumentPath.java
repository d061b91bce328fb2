package chat.presence.functions.fakes.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A document path with its placeholders resolved: a top-level attribute name followed by map keys
 * ({@link String}) and list indexes ({@link Integer}).
 */
public record DocumentPath(List<Object> elements) {
  public DocumentPath {
    elements = List.copyOf(elements);
    if (elements.isEmpty() || !(elements.get(0) instanceof String)) {
      throw new IllegalArgumentException("a document path starts with an attribute name");
    }
  }

  public static DocumentPath of(Object... elements) {
    return new DocumentPath(List.of(elements));
  }

  /** The top-level attribute. */
  public String head() {
    return (String) elements.get(0);
  }

  public boolean isNested() {
    return elements.size() > 1;
  }

  public int length() {
    return elements.size();
  }

  public DocumentPath parent() {
    return new DocumentPath(elements.subList(0, elements.size() - 1));
  }

  public Object last() {
    return elements.get(elements.size() - 1);
  }

  /** The value at this path in an item, if there is one. */
  public Optional<AttributeValue> resolve(Map<String, AttributeValue> item) {
    AttributeValue current = item.get(head());
    for (int i = 1; i < elements.size() && current != null; i++) {
      Object element = elements.get(i);
      if (element instanceof Integer index) {
        current = current.hasL() && index < current.l().size() ? current.l().get(index) : null;
      } else {
        current = current.hasM() ? current.m().get((String) element) : null;
      }
    }
    return Optional.ofNullable(current);
  }

  /** As DynamoDB prints a path in its messages: {@code [holds, c]}, {@code [history, [0]]}. */
  @Override
  public String toString() {
    return elements.stream()
        .map(e -> e instanceof Integer ? "[" + e + "]" : (String) e)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
