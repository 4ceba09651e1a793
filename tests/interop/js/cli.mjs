#!/usr/bin/env node
// Interop CLI over Digital Bazaar's reference implementations, fully offline.
//
//   node cli.mjs --manifest CONTEXTS.json [--manifest MORE.json ...] < requests
//
// stdin: one JSON request per line, {"id": any, "op": OP, ...params}, where OP is
// verify | sign | derive | canonize | toRdf | urls (see ops.mjs and README.md).
// stdout: one JSON response per request, in order:
//   {"id": ..., "ok": true, "result": ...}  or
//   {"id": ..., "ok": false, "error": {"name": ..., "message": ...}}
// Requests run one at a time; the process exits at end of input, so a single
// request piped in works as well as a long batch from a test session.
import {createDocumentLoader} from './loader.mjs';
import {createInterface} from 'node:readline';
import {OPERATIONS} from './ops.mjs';
import {parseArgs} from 'node:util';

const {values: args} = parseArgs({
  options: {manifest: {type: 'string', multiple: true, default: []}}
});
const documentLoader = createDocumentLoader({manifests: args.manifest});

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch(error) {
    return {id: null, ok: false, error: {name: 'SyntaxError', message: error.message}};
  }
  const {id = null, op} = request ?? {};
  try {
    if(op === 'urls') {
      return {id, ok: true, result: documentLoader.urls()};
    }
    const operation = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined;
    if(!operation) {
      throw new TypeError(`unknown op "${op}"`);
    }
    return {id, ok: true, result: await operation(request, {documentLoader})};
  } catch(error) {
    return {id, ok: false, error: describe(error)};
  }
}

// name, message and the message of the underlying cause (jsonld wraps loader errors).
function describe(error) {
  const cause = error?.details?.cause ?? error?.cause;
  const described = {name: error?.name ?? 'Error', message: error?.message ?? String(error)};
  if(cause?.message) {
    described.cause = cause.message;
  }
  return described;
}

const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
  if(line.trim() === '') {
    continue;
  }
  process.stdout.write(JSON.stringify(await handle(line)) + '\n');
}
