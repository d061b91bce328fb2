// Loaded with `node --require` before dynalite. dynalite rethrows any error of an incoming request
// (`req.on('error', function (err) { throw err })`), so a client that gives up in the middle of a
// request (an invocation interrupted at its timeout) would end the whole emulator. Such an error
// only concerns that request; anything else still ends the process, as it would have.
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'aborted')) {
    return;
  }
  console.error(err);
  process.exit(1);
});

// The local runtime stops dynalite itself, once its gateway has drained. A Ctrl+C in a terminal
// reaches every process of the foreground group, and dynalite ending at once failed the
// `$disconnect`s of that drain; so SIGINT is left to the runtime. Its stdin is a pipe from the
// runtime: when that closes, the runtime is gone, however it ended, and so is dynalite.
process.on('SIGINT', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
