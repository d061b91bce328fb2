package chat.presence.functions.explorer;

/**
 * The process running a handler dies here (a crash, or Lambda's timeout). An {@link Error}, so that
 * no handler's {@code catch (RuntimeException)} can survive it: nothing after this point runs.
 */
final class ProcessCrash extends Error {
  ProcessCrash(String where) {
    super(where, null, false, false);
  }
}
