package chat.presence.local.gateway;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like API Gateway's connection, request and message ids, e.g. {@code
 * LpQ3jcJzoAMCJ0w=}.
 */
final class Ids {
  private static final int RANDOM_BYTES = 11;

  private Ids() {}

  /**
   * Uses the URL-safe alphabet: API Gateway's ids travel in {@code @connections} paths, and an
   * encoded '/' there is rejected by Jetty as an ambiguous path separator.
   */
  static String next() {
    byte[] bytes = new byte[RANDOM_BYTES];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().encodeToString(bytes);
  }
}
