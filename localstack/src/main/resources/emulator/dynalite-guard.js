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
