package chat.presence.local.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What the extension does about a runtime that never started, as when a class's setup failed. */
class LocalRuntimeExtensionTest {
  /** The extension asks its context for the unique id only. */
  private static final ExtensionContext CLASS =
      (ExtensionContext)
          Proxy.newProxyInstance(
              ExtensionContext.class.getClassLoader(),
              new Class<?>[] {ExtensionContext.class},
              (proxy, method, args) -> {
                if (method.getName().equals("getUniqueId")) {
                  return "[class:Example]";
                }
                throw new UnsupportedOperationException(method.getName());
              });

  @Test
  void teardownOfARuntimeThatNeverStartedDoesNothing() {
    LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

    assertThatCode(
            () -> {
              runtime.afterEach(CLASS);
              runtime.afterAll(CLASS);
              runtime.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aTestThatUsesARuntimeThatNeverStartedIsToldWhy() {
    LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

    assertThatThrownBy(runtime::runtime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }
}
