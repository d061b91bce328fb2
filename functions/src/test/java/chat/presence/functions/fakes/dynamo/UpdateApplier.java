package chat.presence.functions.fakes.dynamo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Applies the actions of a parsed update expression to an item, as DynamoDB does: every SET value
 * is computed from the item as it was before the update, then the actions are applied in order. A
 * nested path whose parent is missing (or not a map/list) is refused, a set emptied by DELETE is
 * removed, ADD creates a missing number (from 0) or set.
 */
public final class UpdateApplier {
  private UpdateApplier() {}

  static final String INVALID_PATH =
      "The document path provided in the update expression is invalid for update";
  static final String MISSING_OPERAND =
      "The provided expression refers to an attribute that does not exist in the item";
  static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
  static final String INDEX_KEY_TYPE =
      "The update expression attempted to update the secondary index key to unsupported type";

  /**
   * Applies the actions to {@code item} in place.
   *
   * @param stringKeys attributes that must stay strings (the keys of secondary indexes)
   * @throws ExpressionException with DynamoDB's message when the update cannot be applied; the item
   *     may then be partly changed, so callers apply to a copy
   */
  public static void apply(
      List<UpdateAction> actions, Map<String, AttributeValue> item, Set<String> stringKeys) {
    Map<String, AttributeValue> original = new LinkedHashMap<>(item);
    List<AttributeValue> setValues = new ArrayList<>();
    for (UpdateAction action : actions) {
      setValues.add(action instanceof UpdateAction.Set set ? resolve(set.value(), original) : null);
    }
    for (int i = 0; i < actions.size(); i++) {
      UpdateAction action = actions.get(i);
      AttributeValue setValue = setValues.get(i);
      if (action instanceof UpdateAction.Set set) {
        if (!set.path().isNested()
            && stringKeys.contains(set.path().head())
            && setValue.s() == null) {
          throw new ExpressionException(INDEX_KEY_TYPE);
        }
        change(item, set.path(), existing -> setValue);
      } else if (action instanceof UpdateAction.Remove remove) {
        change(item, remove.path(), existing -> null);
      } else if (action instanceof UpdateAction.Add add) {
        change(item, add.path(), existing -> add(existing, add.value()));
      } else {
        UpdateAction.Delete delete = (UpdateAction.Delete) action;
        change(item, delete.path(), existing -> delete(existing, delete.value()));
      }
    }
  }

  /** The value of a SET operand, computed from the item before the update. */
  static AttributeValue resolve(Operand operand, Map<String, AttributeValue> item) {
    if (operand instanceof Operand.Value value) {
      return value.value();
    }
    if (operand instanceof Operand.Path path) {
      return path.path().resolve(item).orElseThrow(() -> new ExpressionException(MISSING_OPERAND));
    }
    if (operand instanceof Operand.IfNotExists ifNotExists) {
      Optional<AttributeValue> existing = ifNotExists.path().resolve(item);
      return existing.isPresent() ? existing.get() : resolve(ifNotExists.fallback(), item);
    }
    if (operand instanceof Operand.ListAppend append) {
      AttributeValue first = resolve(append.first(), item);
      AttributeValue second = resolve(append.second(), item);
      if (!first.hasL() || !second.hasL()) {
        throw new ExpressionException(WRONG_TYPE);
      }
      List<AttributeValue> joined = new ArrayList<>(first.l());
      joined.addAll(second.l());
      return AttributeValue.fromL(joined);
    }
    if (operand instanceof Operand.Arithmetic arithmetic) {
      AttributeValue left = resolve(arithmetic.left(), item);
      if (left.n() == null) {
        throw new ExpressionException(WRONG_TYPE);
      }
      AttributeValue right = resolve(arithmetic.right(), item);
      if (right.n() == null) {
        throw new ExpressionException(WRONG_TYPE);
      }
      BigDecimal a = new BigDecimal(left.n());
      BigDecimal b = new BigDecimal(right.n());
      BigDecimal result = arithmetic.operator() == '+' ? a.add(b) : a.subtract(b);
      return AttributeValue.fromN(Values.normalizeNumber(result.toPlainString()));
    }
    throw new IllegalStateException("not a SET operand: " + operand);
  }

  private static AttributeValue add(AttributeValue existing, AttributeValue value) {
    Values.Kind kind = Values.kind(value);
    if (existing != null && Values.kind(existing) != kind) {
      throw new ExpressionException(WRONG_TYPE);
    }
    switch (kind) {
      case N -> {
        BigDecimal base = existing == null ? BigDecimal.ZERO : new BigDecimal(existing.n());
        return AttributeValue.fromN(
            Values.normalizeNumber(base.add(new BigDecimal(value.n())).toPlainString()));
      }
      case SS -> {
        Set<String> union = new LinkedHashSet<>(existing == null ? List.of() : existing.ss());
        union.addAll(value.ss());
        return AttributeValue.fromSs(List.copyOf(union));
      }
      case NS -> {
        Set<String> union = new LinkedHashSet<>(existing == null ? List.of() : existing.ns());
        union.addAll(value.ns());
        return AttributeValue.fromNs(List.copyOf(union));
      }
      case BS -> {
        Set<SdkBytes> union = new LinkedHashSet<>(existing == null ? List.of() : existing.bs());
        union.addAll(value.bs());
        return AttributeValue.fromBs(List.copyOf(union));
      }
      default -> throw new ExpressionException(WRONG_TYPE);
    }
  }

  private static AttributeValue delete(AttributeValue existing, AttributeValue value) {
    if (existing == null) {
      return null;
    }
    Values.Kind kind = Values.kind(value);
    if (Values.kind(existing) != kind) {
      throw new ExpressionException(WRONG_TYPE);
    }
    List<?> remaining =
        switch (kind) {
          case SS -> minus(existing.ss(), value.ss());
          case NS -> minus(existing.ns(), value.ns());
          case BS -> minus(existing.bs(), value.bs());
          default -> throw new ExpressionException(WRONG_TYPE);
        };
    if (remaining.isEmpty()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    AttributeValue result =
        switch (kind) {
          case SS -> AttributeValue.fromSs((List<String>) remaining);
          case NS -> AttributeValue.fromNs((List<String>) remaining);
          default -> AttributeValue.fromBs((List<SdkBytes>) remaining);
        };
    return result;
  }

  private static <T> List<T> minus(List<T> from, List<T> removed) {
    List<T> remaining = new ArrayList<>(from);
    remaining.removeAll(removed);
    return remaining;
  }

  /**
   * Replaces the value at {@code path} with {@code change.apply(existing)} (null: removes it),
   * rebuilding the maps and lists above it.
   */
  private static void change(
      Map<String, AttributeValue> item, DocumentPath path, UnaryOperator<AttributeValue> change) {
    String head = path.head();
    if (!path.isNested()) {
      AttributeValue replaced = change.apply(item.get(head));
      if (replaced == null) {
        item.remove(head);
      } else {
        item.put(head, replaced);
      }
      return;
    }
    AttributeValue top = item.get(head);
    if (top == null) {
      throw new ExpressionException(INVALID_PATH);
    }
    item.put(head, rebuild(top, path.elements(), 1, change));
  }

  private static AttributeValue rebuild(
      AttributeValue container, List<Object> path, int at, UnaryOperator<AttributeValue> change) {
    Object element = path.get(at);
    boolean last = at == path.size() - 1;
    if (element instanceof Integer index) {
      if (!container.hasL()) {
        throw new ExpressionException(INVALID_PATH);
      }
      List<AttributeValue> list = new ArrayList<>(container.l());
      if (last) {
        AttributeValue existing = index < list.size() ? list.get(index) : null;
        AttributeValue replaced = change.apply(existing);
        if (replaced == null) {
          if (existing != null) {
            list.remove((int) index);
          }
        } else if (existing != null) {
          list.set(index, replaced);
        } else {
          list.add(replaced);
        }
      } else {
        if (index >= list.size()) {
          throw new ExpressionException(INVALID_PATH);
        }
        list.set(index, rebuild(list.get(index), path, at + 1, change));
      }
      return AttributeValue.fromL(list);
    }
    String key = (String) element;
    if (!container.hasM()) {
      throw new ExpressionException(INVALID_PATH);
    }
    Map<String, AttributeValue> map = new LinkedHashMap<>(container.m());
    if (last) {
      AttributeValue replaced = change.apply(map.get(key));
      if (replaced == null) {
        map.remove(key);
      } else {
        map.put(key, replaced);
      }
    } else {
      AttributeValue child = map.get(key);
      if (child == null) {
        throw new ExpressionException(INVALID_PATH);
      }
      map.put(key, rebuild(child, path, at + 1, change));
    }
    return AttributeValue.fromM(map);
  }
}
