package chat.presence.functions.snapstart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a socket: every request is answered at once with 200 and an empty
 * JSON object, which every operation the handlers use reads as "nothing found" or "done". Priming
 * runs the real clients' marshalling, signing and parsing on it, and reaches no AWS service.
 */
final class CannedHttpClient implements SdkHttpClient {
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

  private final AtomicInteger requests = new AtomicInteger();
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        requests.incrementAndGet();
        hosts.add(request.httpRequest().host());
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("Content-Length", Integer.toString(EMPTY_OBJECT.length))
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_OBJECT)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  /** How many requests it answered. */
  int requests() {
    return requests.get();
  }

  /** The hosts the requests were addressed to. */
  Set<String> hosts() {
    return Set.copyOf(hosts);
  }

  @Override
  public void close() {}
}
