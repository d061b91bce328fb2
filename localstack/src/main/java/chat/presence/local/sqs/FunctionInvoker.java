package chat.presence.local.sqs;

import chat.presence.local.LocalLambdaContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes the function on a batch within its timeout. As on Lambda, an invocation that throws or
 * runs out of time fails the whole batch; locally the late invocation is interrupted rather than
 * killed, and its answer is ignored.
 */
final class FunctionInvoker implements AutoCloseable {
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final String functionName;
  private final int timeoutSeconds;
  // Cached, not fixed: an invocation stuck past its timeout must not hold up the next one.
  private final ExecutorService executor;

  FunctionInvoker(
      RequestHandler<SQSEvent, SQSBatchResponse> handler, String functionName, int timeoutSeconds) {
    this.handler = handler;
    this.functionName = functionName;
    this.timeoutSeconds = timeoutSeconds;
    this.executor =
        Executors.newCachedThreadPool(namedDaemonThreads(functionName + "-invocation-"));
  }

  BatchOutcome invoke(SQSEvent batch) {
    Future<SQSBatchResponse> invocation =
        executor.submit(
            () ->
                handler.handleRequest(batch, new LocalLambdaContext(functionName, timeoutSeconds)));
    try {
      return BatchOutcome.fromResponse(batch, invocation.get(timeoutSeconds, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      return BatchOutcome.wholeBatchFailed(batch, e.getCause());
    } catch (TimeoutException e) {
      invocation.cancel(true);
      return BatchOutcome.wholeBatchFailed(
          batch, new TimeoutException("Task timed out after " + timeoutSeconds + " seconds"));
    } catch (InterruptedException e) {
      invocation.cancel(true);
      Thread.currentThread().interrupt();
      return BatchOutcome.wholeBatchFailed(batch, e);
    }
  }

  /** Interrupts invocations still running; their batches are already counted as failed. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static ThreadFactory namedDaemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
