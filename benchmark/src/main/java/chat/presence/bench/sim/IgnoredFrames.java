package chat.presence.bench.sim;

/** The listener of a socket whose frames nobody reads: one only kept alive, or one that only asks. */
final class IgnoredFrames implements BenchSocket.Listener {
  static final BenchSocket.Listener LISTENER = new IgnoredFrames();

  private IgnoredFrames() {}

  @Override
  public void onFrame(BenchSocket socket, Frame frame) {}

  @Override
  public void onClosed(BenchSocket socket) {}
}
