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
}
