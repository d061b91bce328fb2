// The AsyncAPI document, parsed once by the AsyncAPI parser, for the tests that read it.
import { Parser, fromFile } from '@asyncapi/parser';
import { fileURLToPath } from 'node:url';

export const DOCUMENT_PATH = fileURLToPath(new URL('../asyncapi.yaml', import.meta.url));

/** The parser's own severities: 0 is an error, which makes the document invalid. */
export const ERROR = 0;

export async function parseDocument(path = DOCUMENT_PATH) {
  const { document, diagnostics } = await fromFile(new Parser(), path).parse();
  return { document, diagnostics };
}

/** The operation ids of the document that go the given way ('send' or 'receive'). */
export function operationIds(document, action) {
  return document
    .operations()
    .all()
    .filter((operation) => operation.action() === action)
    .map((operation) => operation.id());
}

/** The names of every property the schema (resolved) declares, at any depth. */
export function propertyNames(schema, names = new Set()) {
  if (schema === null || typeof schema !== 'object') {
    return names;
  }
  if (Array.isArray(schema)) {
    schema.forEach((item) => propertyNames(item, names));
    return names;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      Object.keys(value).forEach((name) => names.add(name));
    }
    if (key !== 'examples') {
      propertyNames(value, names);
    }
  }
  return names;
}

/** The value the payload pins `field` to (`const`), looking through `allOf`. */
export function pinned(payload, field) {
  const own = payload.properties?.[field]?.const;
  if (own !== undefined) {
    return own;
  }
  for (const part of payload.allOf ?? []) {
    const found = pinned(part, field);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
