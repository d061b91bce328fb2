// Starts the real local runtime (the jar the Maven build makes) on a free port, for the tests.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SECRET = 'client-package-test-secret-of-at-least-32-bytes';
const STARTUP_TIMEOUT_MS = 120_000;

export function jarPath() {
  return process.env.PRESENCE_LOCAL_JAR ?? join(PACKAGE, '..', 'localstack', 'target', 'presence-local.jar');
}

/**
 * `java -jar presence-local.jar --port 0`, its output in target/runtime.log. Resolves with
 * {wsUrl, httpUrl, stop()} once it printed its banner and answers /health.
 */
export async function startRuntime(env = {}) {
  const jar = jarPath();
  if (!existsSync(jar)) {
    throw new Error(`${jar} does not exist: build it first (mvn -B -pl localstack -am package -DskipTests)`);
  }
  mkdirSync(join(PACKAGE, 'target'), { recursive: true });
  const log = createWriteStream(join(PACKAGE, 'target', 'runtime.log'));
  const child = spawn('java', ['-jar', jar, '--port', '0'], {
    cwd: join(PACKAGE, '..'),
    // No offline grace: an instant without a connection shows at once (the handover test relies on it).
    // The contract's default of 3 open chats per visitor, whatever the environment says.
    env: {
      ...process.env,
      PRESENCE_JWT_SECRET: SECRET,
      PRESENCE_OFFLINE_GRACE_SECONDS: '0',
      PRESENCE_MAX_OPEN_CHATS_PER_VISITOR: '3',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  const wsUrl = await new Promise((found, failed) => {
    let output = '';
    const timer = setTimeout(() => failed(new Error(`the runtime did not start in ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      output += chunk;
      const match = /WebSocket\s+(ws:\/\/\S+?)\?token=JWT/.exec(output);
      if (match) {
        clearTimeout(timer);
        found(match[1]);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      failed(new Error(`the runtime exited (${code}) before it was ready; see target/runtime.log`));
    });
  });
  const httpUrl = wsUrl.replace(/^ws/, 'http').replace(/\/$/, '');
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${httpUrl}/health`)).ok) {
        break;
      }
    } catch (error) {
      if (tries > 100) {
        throw error;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    wsUrl,
    httpUrl,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
