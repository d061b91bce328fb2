// The document is valid AsyncAPI 3.0, and each of its example frames is valid against the schema
// of its message: the parser checks the first but not the second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DOCUMENT_PATH, ERROR, parseDocument, operationIds, pinned, propertyNames } from './document.js';

const { document, diagnostics } = await parseDocument();

function errorsOf(found) {
  return found
    .filter((diagnostic) => diagnostic.severity === ERROR)
    .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
}

test('the document parses as AsyncAPI 3.0.0 with no error', () => {
  assert.deepEqual(errorsOf(diagnostics), []);
  assert.ok(document, 'the parser returned no document');
  assert.equal(document.version(), '3.0.0');
});

test('the parser reports an error for a document broken on purpose', async () => {
  // An operation that names a message of no channel: the check above must be able to fail.
  const text = await readFile(DOCUMENT_PATH, 'utf8');
  const broken = text.replace(
    "- $ref: '#/channels/presence/messages/chatEnded'",
    "- $ref: '#/components/messages/chatEnded'",
  );
  assert.notEqual(broken, text);
  const path = join(await mkdtemp(join(tmpdir(), 'asyncapi-')), 'broken.yaml');
  await writeFile(path, broken);

  const { diagnostics: found } = await parseDocument(path);

  assert.notDeepEqual(errorsOf(found), []);
});

test('every client action is a send operation of its own, answered on the same channel', () => {
  const sent = document.operations().all().filter((operation) => operation.action() === 'send');

  for (const operation of sent) {
    const [message, ...others] = operation.messages().all();
    assert.deepEqual(others, [], `${operation.id()} sends one message`);
    assert.equal(pinned(message.payload().json(), 'action'), operation.id());
    const reply = operation.reply();
    if (reply) {
      assert.equal(reply.channel().id(), operation.channels().all()[0].id());
      const types = reply.messages().all().map((answer) => pinned(answer.payload().json(), 'type'));
      assert.ok(types.includes('error'), `${operation.id()} can be answered with an error`);
    }
  }
  assert.deepEqual(
    sent.filter((operation) => !operation.reply()).map((operation) => operation.id()),
    ['ping'],
    'only ping is never answered',
  );
});

test('every event is a receive operation named by its type', () => {
  const received = document.operations().all().filter((operation) => operation.action() === 'receive');

  assert.ok(received.length > 0);
  for (const operation of received) {
    const types = operation.messages().all().map((message) => pinned(message.payload().json(), 'type'));
    assert.deepEqual(types, [operation.id()]);
  }
  assert.ok(operationIds(document, 'receive').includes('chat.assigned'));
});

/** The names the schema requires, at any depth. */
function requiredNames(schema, names = new Set()) {
  if (schema !== null && typeof schema === 'object') {
    (Array.isArray(schema.required) ? schema.required : []).forEach((name) => names.add(name));
    Object.entries(schema)
      .filter(([key]) => key !== 'examples')
      .forEach(([, value]) => requiredNames(value, names));
  }
  return names;
}

test('every field a message requires is a field it declares', () => {
  for (const message of document.allMessages().all()) {
    const payload = message.payload().json();
    const declared = propertyNames(payload);
    const undeclared = [...requiredNames(payload)].filter((name) => !declared.has(name));
    assert.deepEqual(undeclared, [], `message ${message.id()}`);
  }
});

test('every example of every message is valid against its payload schema', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  let checked = 0;

  for (const message of document.allMessages().all()) {
    const validate = ajv.compile(message.payload().json());
    const examples = message.examples().all();
    assert.ok(examples.length > 0, `message ${message.id()} has an example`);
    for (const example of examples) {
      const valid = validate(example.payload());
      assert.ok(
        valid,
        `example ${example.name()} of ${message.id()}: ${ajv.errorsText(validate.errors)}`,
      );
      checked += 1;
    }
  }
  assert.ok(checked >= document.allMessages().all().length);
});
