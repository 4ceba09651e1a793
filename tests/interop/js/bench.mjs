#!/usr/bin/env node
// In-process timings of Digital Bazaar's reference implementations, for the
// Python benchmarks' ratios (benchmarks/js_peer.py runs this).
//
//   node bench.mjs --manifest CONTEXTS.json [--manifest MORE.json] < request.json
//
// request: {"credential": {...} (unsigned), "suites": [...], "n": 50, "warmup": 5,
//           "keys": {suite: {publicKeyMultibase, secretKeyMultibase}},
//           "mandatoryPointers": [...], "selectivePointers": [...], "now": "..."}
// stdout: {"node": ..., "packages": {...}, "n": ..., "suites": {suite: {step: stats}}}
// where a step is sign | verify (eddsa-rdfc-2022, ecdsa-rdfc-2019) or
// base | derive | verify (ecdsa-sd-2023) and stats are milliseconds
// {median, min, max, mean}. Each timed run works on a fresh clone made
// outside the timed region; every verification must succeed or the run fails.
import {createDocumentLoader} from './loader.mjs';
import {derive, sign, verify} from './ops.mjs';
import {parseArgs} from 'node:util';
import {readFileSync} from 'node:fs';

const PACKAGES = [
  '@digitalbazaar/vc', '@digitalbazaar/data-integrity',
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite',
  '@digitalbazaar/ecdsa-sd-2023-cryptosuite', 'jsonld', 'rdf-canonize'
];

function packageVersions() {
  const versions = {};
  for(const name of PACKAGES) {
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    versions[name] = JSON.parse(readFileSync(file, 'utf8')).version;
  }
  return versions;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] :
    (sorted[middle - 1] + sorted[middle]) / 2;
  const round = x => Math.round(x * 1000) / 1000;
  return {
    median: round(median),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length)
  };
}

// runs `step(input)` warmup + n times on fresh inputs; returns the samples (ms)
// and the last output
async function time({n, warmup, makeInput, step}) {
  const samples = [];
  let output;
  for(let i = 0; i < warmup + n; ++i) {
    const input = makeInput();
    const start = process.hrtime.bigint();
    output = await step(input);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if(i >= warmup) {
      samples.push(elapsed);
    }
  }
  return {samples, output};
}

function mustVerify(result, what) {
  if(!result.verified) {
    throw new Error(`${what} did not verify: ${result.errors.join('; ')}`);
  }
  return result;
}

async function benchSuite(suite, request, context) {
  const {credential, n, warmup, keys, now} = request;
  const key = keys[suite];
  if(!key) {
    throw new TypeError(`no key for suite ${suite}`);
  }
  const mandatoryPointers = request.mandatoryPointers ?? [];
  const signRequest = () => ({
    credential: structuredClone(credential), key, suite, mandatoryPointers
  });
  const signing = await time({n, warmup, makeInput: signRequest, step: r => sign(r, context)});
  const signed = signing.output;
  if(suite !== 'ecdsa-sd-2023') {
    const verifying = await time({
      n, warmup, makeInput: () => ({credential: structuredClone(signed), now}),
      step: async r => mustVerify(await verify(r, context), suite)
    });
    return {sign: stats(signing.samples), verify: stats(verifying.samples)};
  }
  const selectivePointers = request.selectivePointers ?? [];
  const deriving = await time({
    n, warmup,
    makeInput: () => ({credential: structuredClone(signed), selectivePointers}),
    step: r => derive(r, context)
  });
  const derived = deriving.output;
  const verifying = await time({
    n, warmup, makeInput: () => ({credential: structuredClone(derived), now}),
    step: async r => mustVerify(await verify(r, context), suite)
  });
  return {
    base: stats(signing.samples),
    derive: stats(deriving.samples),
    verify: stats(verifying.samples)
  };
}

async function main() {
  const {values: args} = parseArgs({
    options: {manifest: {type: 'string', multiple: true, default: []}}
  });
  const request = JSON.parse(readFileSync(0, 'utf8'));
  request.n = request.n ?? 50;
  request.warmup = request.warmup ?? 5;
  const context = {documentLoader: createDocumentLoader({manifests: args.manifest})};
  const suites = {};
  for(const suite of request.suites) {
    suites[suite] = await benchSuite(suite, request, context);
  }
  process.stdout.write(JSON.stringify({
    node: process.version,
    packages: packageVersions(),
    n: request.n,
    warmup: request.warmup,
    suites
  }) + '\n');
}

main().catch(error => {
  process.stderr.write(`bench.mjs: ${error.stack ?? error}\n`);
  process.exit(1);
});
