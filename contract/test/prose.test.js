// The document says at least what the prose contract says: its actions with their answers, its
// events with their fields, its error codes, and every name it puts in backticks. The prose lives
// outside this repository (../shared/contract/agent-protocol.md, or PRESENCE_CONTRACT); without it
// these tests are skipped, and say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument, operationIds, propertyNames, pinned } from './document.js';

const PROSE_PATH =
  process.env.PRESENCE_CONTRACT ??
  fileURLToPath(new URL('../../../shared/contract/agent-protocol.md', import.meta.url));
const skip = existsSync(PROSE_PATH) ? false : `no prose contract at ${PROSE_PATH}`;
const prose = skip ? '' : readFileSync(PROSE_PATH, 'utf8');
const { document } = await parseDocument();

const sent = new Map(
  document
    .operations()
    .all()
    .filter((operation) => operation.action() === 'send')
    .map((operation) => [operation.id(), operation]),
);
const received = new Map(
  document
    .operations()
    .all()
    .filter((operation) => operation.action() === 'receive')
    .map((operation) => [operation.id(), operation]),
);

/** The prose's tables, each as its header's cells and its rows' cells. */
function tables(text) {
  const found = [];
  let current = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (current === null) {
      current = { header: cells, rows: [] };
      found.push(current);
    } else if (!cells.every((cell) => /^-+$/.test(cell))) {
      current.rows.push(Object.fromEntries(current.header.map((name, i) => [name, cells[i]])));
    }
  }
  return found;
}

const backticked = (text) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

/** The keys a JSON-like snippet of the prose names, its quoted values left out. */
function snippetKeys(snippet) {
  const keysOnly = snippet.replace(/:\s*"[^"]*"/g, ':value');
  return [...keysOnly.matchAll(/"(\w+)"/g)].map((match) => match[1]);
}

const payloadOf = (operation) => operation.messages().all()[0].payload().json();

test('every action of the prose is a send operation answered as the prose says', { skip }, () => {
  const rows = tables(prose)
    .filter((table) => table.header[0] === 'action')
    .flatMap((table) => table.rows);
  assert.ok(rows.length >= 7, 'the prose has action tables');

  for (const row of rows) {
    const [action] = backticked(row.action);
    const operation = sent.get(action);
    assert.ok(operation, `${action} is a send operation`);
    if (row.answer === 'none') {
      assert.equal(operation.reply(), undefined, `${action} is never answered`);
      continue;
    }
    const snippet = backticked(row.answer).find((code) => code.startsWith('{'));
    const type = snippet.match(/"type":"([^"]+)"/)[1];
    const answeredAction = snippet.match(/"action":"([^"]+)"/)?.[1];
    const answers = operation
      .reply()
      .messages()
      .all()
      .map((message) => message.payload().json())
      .filter((payload) => pinned(payload, 'type') === type)
      .filter((payload) => answeredAction === undefined || pinned(payload, 'action') === answeredAction);
    assert.equal(answers.length, 1, `${action} is answered with one ${type}`);
    const declared = propertyNames(answers[0]);
    for (const key of snippetKeys(snippet)) {
      assert.ok(declared.has(key), `the ${type} answering ${action} has ${key}`);
    }
  }
});

test('every event of the prose is a receive operation with the fields the prose lists', { skip }, () => {
  const rows = tables(prose)
    .filter((table) => table.header[0] === 'type')
    .flatMap((table) => table.rows);
  assert.ok(rows.length >= 3, 'the prose has an event table');

  for (const row of rows) {
    const [type] = backticked(row.type);
    const operation = received.get(type);
    assert.ok(operation, `${type} is a receive operation`);
    const declared = propertyNames(payloadOf(operation));
    // What a parenthesis says of a field ("or `system`") is a value, not a field.
    for (const field of backticked(row.fields.replace(/\([^)]*\)/g, ''))) {
      assert.ok(declared.has(field), `${type} has ${field}`);
    }
  }
});

test('every send operation is an action the prose names', { skip }, () => {
  const named = new Set(backticked(prose));

  assert.deepEqual([...sent.keys()].filter((action) => !named.has(action)), []);
});

test('every field the prose lists in parentheses after an action or event is in its message', { skip }, () => {
  let checked = 0;
  for (const [, name, inParentheses] of prose.matchAll(/`([\w.]+)` \(([^)]*)\)/g)) {
    const operation = sent.get(name) ?? received.get(name);
    if (!operation) {
      continue;
    }
    const declared = propertyNames(payloadOf(operation));
    // An action named in passing ("also before any `requestChat`") is not a field.
    for (const field of backticked(inParentheses).filter((word) => !sent.has(word))) {
      assert.ok(declared.has(field), `${name} has ${field}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 10, `only ${checked} fields found in parentheses`);
});

test('every error code of the prose is an error code of the document', { skip }, () => {
  const codes = document.components().schemas().get('ErrorCode').json().enum;
  const prosed = tables(prose)
    .filter((table) => table.header[0] === 'code')
    .flatMap((table) => table.rows)
    .map((row) => backticked(row.code)[0]);
  const v2 = [...prose.matchAll(/^- `([A-Z_]+)`:/gm)].map((match) => match[1]);

  assert.ok(prosed.length >= 6 && v2.length >= 2);
  for (const code of [...prosed, ...v2]) {
    assert.ok(codes.includes(code), `${code} is an error code`);
  }
});

/** Every name the document gives a meaning: keys, and values other than prose. */
function wireNames(node, names = new Set()) {
  if (Array.isArray(node)) {
    node.forEach((item) => wireNames(item, names));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      names.add(key);
      if (!['description', 'summary', 'title'].includes(key)) {
        wireNames(value, names);
      }
    }
  } else if (typeof node === 'string') {
    names.add(node);
  }
  return names;
}

test('every name the prose puts in backticks is in the document', { skip }, () => {
  const names = wireNames(document.json());
  const text = JSON.stringify(document.json());
  const query = document.channels().all()[0].bindings().get('ws').value().query;
  const missing = [];

  for (const code of new Set(backticked(prose))) {
    if (code.startsWith('{')) {
      const quoted = [...code.matchAll(/"(\w+)"/g)].map((match) => match[1]);
      missing.push(...quoted.filter((name) => !names.has(name)));
    } else if (code.includes('://') || code.startsWith('&')) {
      for (const [, parameter, value] of code.matchAll(/[?&](\w+)=(\w+)/g)) {
        const declared = query.properties[parameter];
        if (!declared) {
          missing.push(`query parameter ${parameter}`);
        } else if (value !== value.toUpperCase() && !declared.enum.includes(value)) {
          missing.push(`${parameter}=${value}`);
        }
      }
    } else if (/^(PRESENCE_|--|\$)/.test(code)) {
      if (!text.includes(code)) {
        missing.push(code);
      }
    } else if (!names.has(code)) {
      missing.push(code);
    }
  }
  assert.deepEqual(missing, []);
});

test('the receive operations are the events of the prose and the additions', { skip }, () => {
  const prosed = new Set(backticked(prose).filter((code) => /^[a-z]+\.[a-zA-Z]+$/.test(code)));

  for (const type of prosed) {
    assert.ok(received.has(type), `${type} is received`);
  }
  const added = operationIds(document, 'receive').filter((type) => !prosed.has(type));
  assert.deepEqual(added, ['chat.visitorReturned'], 'the one event the project added');
});
