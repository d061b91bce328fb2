package chat.presence.bench.measure;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.Modifier;

/** Which Lambda handler the current thread is running, found on its stack. */
final class HandlerOnStack {
  /** Work done outside any handler, e.g. by the runtime itself. */
  static final String NO_HANDLER = "(no handler)";

  private static final String HANDLERS_PACKAGE = "chat.presence.functions.handlers.";
  private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private HandlerOnStack() {}

  /** The innermost concrete Lambda handler on the stack, e.g. {@code SetStatusHandler}. */
  static String current() {
    return STACK.walk(
        frames ->
            frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c.getName().startsWith(HANDLERS_PACKAGE))
                .filter(c -> RequestHandler.class.isAssignableFrom(c))
                .filter(c -> !Modifier.isAbstract(c.getModifiers()))
                .findFirst()
                .map(Class::getSimpleName)
                .orElse(NO_HANDLER));
  }
}
