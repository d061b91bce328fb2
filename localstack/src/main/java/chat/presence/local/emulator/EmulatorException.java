package chat.presence.local.emulator;

/** An emulator could not be found, started or set up; the message says what to do about it. */
public final class EmulatorException extends RuntimeException {
  public EmulatorException(String message) {
    super(message);
  }

  public EmulatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
