package chat.presence.functions.fakes.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The part of an item that a ProjectionExpression (or the paths an update wrote, for {@code
 * UPDATED_OLD}/{@code UPDATED_NEW}) selects: nested paths keep their enclosing maps and lists, with
 * only the selected members, list elements in index order.
 */
public final class Projection {
  private Projection() {}

  public static Map<String, AttributeValue> apply(
      List<DocumentPath> paths, Map<String, AttributeValue> item) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (DocumentPath path : paths) {
      Optional<AttributeValue> value = path.resolve(item);
      if (value.isEmpty()) {
        continue;
      }
      Object container = root;
      List<Object> elements = path.elements();
      for (int i = 0; i < elements.size(); i++) {
        Object element = elements.get(i);
        boolean last = i == elements.size() - 1;
        Object next =
            last
                ? value.get()
                : elements.get(i + 1) instanceof Integer
                    ? new TreeMap<Integer, Object>()
                    : new LinkedHashMap<String, Object>();
        container = child(container, element, next, last);
      }
    }
    Map<String, AttributeValue> projected = new LinkedHashMap<>();
    root.forEach((name, node) -> projected.put(name, build(node)));
    return projected;
  }

  @SuppressWarnings("unchecked")
  private static Object child(Object container, Object element, Object fresh, boolean last) {
    if (element instanceof Integer index) {
      TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) container;
      if (last) {
        list.put(index, fresh);
        return fresh;
      }
      return list.computeIfAbsent(index, k -> fresh);
    }
    Map<String, Object> map = (Map<String, Object>) container;
    if (last) {
      map.put((String) element, fresh);
      return fresh;
    }
    return map.computeIfAbsent((String) element, k -> fresh);
  }

  @SuppressWarnings("unchecked")
  private static AttributeValue build(Object node) {
    if (node instanceof AttributeValue value) {
      return value;
    }
    if (node instanceof TreeMap<?, ?> list) {
      List<AttributeValue> elements = new ArrayList<>();
      ((TreeMap<Integer, Object>) list).values().forEach(v -> elements.add(build(v)));
      return AttributeValue.fromL(elements);
    }
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    ((Map<String, Object>) node).forEach((k, v) -> map.put(k, build(v)));
    return AttributeValue.fromM(map);
  }
}
