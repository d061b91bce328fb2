package chat.presence.functions.fakes;

/**
 * Where a fake service hands control to whoever drives it: the fault-schedule explorer interleaves
 * handlers, fails calls and crashes processes at these points. A hook may block (to let other
 * handlers run first) or throw (to fail the call, or to crash the calling process).
 */
public interface IoHook {
  IoHook NONE =
      new IoHook() {
        @Override
        public void before(IoCall call) {}

        @Override
        public void after(IoCall call) {}
      };

  /** Before the call reaches the service: throwing here means nothing was applied. */
  void before(IoCall call);

  /** After the call took effect: throwing here means it was applied but the caller never knew. */
  void after(IoCall call);

  /**
   * After the call took effect: true when its answer was lost and the client sent it again, as the
   * AWS SDK retries a timed-out call, so that the caller gets the answer to the second sending (a
   * conditional write then usually finds its own first success and fails).
   */
  default boolean resent(IoCall call) {
    return false;
  }
}
