// `npm test`: one local runtime for every test file, then Node's test runner.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECRET, startRuntime } from './runtime.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((name) => name.endsWith('.test.js')).sort().map((name) => join(here, name));

const started = Date.now();
const runtime = await startRuntime();
console.log(`local runtime at ${runtime.wsUrl} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
let code;
try {
  // Two files at a time: the tests mostly wait for the runtime, and each uses sites of its own.
  const tests = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PRESENCE_TEST_WS_URL: runtime.wsUrl,
      PRESENCE_TEST_HTTP_URL: runtime.httpUrl,
      PRESENCE_TEST_SECRET: SECRET,
    },
  });
  code = await new Promise((done) => tests.once('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0))));
} finally {
  await runtime.stop();
}
process.exit(code);
