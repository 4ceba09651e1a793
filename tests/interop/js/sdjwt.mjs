#!/usr/bin/env node
// SD-JWT VC interop with the OpenWallet Foundation's TypeScript implementation (@sd-jwt/sd-jwt-vc), offline.
//
//   node sdjwt.mjs < request.json
//
// {"op": "verify", "sdJwt": ..., "issuerJwk": {...}, "nonce": "..."?}      -> {"ok": true, "payload": ...}
// {"op": "issue", "issuerJwk": {private}, "holderJwk": {private}, "kid": ..., "claims": {...},
//  "disclosureFrame": {...}, "presentationFrame": {...}, "aud": ..., "nonce": ...} -> {"ok": true, "presentation": ...}
// Failures answer {"ok": false, "error": {"name", "message"}}. Status lists are never fetched: ours are Bitstring
// entries (status.bitstring_status_list), which this library does not read.
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {ES256, digest, generateSalt} from '@sd-jwt/crypto-nodejs';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function kbVerifier(data, signature, payload) {
  const verify = await ES256.getVerifier(payload.cnf.jwk);
  return verify(data, signature);
}

async function run(request) {
  if(request.op === 'verify') {
    const instance = new SDJwtVcInstance({
      hasher: digest, hashAlg: 'sha-256', verifier: await ES256.getVerifier(request.issuerJwk), kbVerifier
    });
    const options = request.nonce ? {keyBindingNonce: request.nonce} : {};
    const {payload, kb} = await instance.verify(request.sdJwt, options);
    return {payload, kb: kb ? kb.payload : null};
  }
  if(request.op === 'issue') {
    const {d: _d, ...holderPublic} = request.holderJwk;
    const instance = new SDJwtVcInstance({
      hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: ES256.alg,
      signer: await ES256.getSigner(request.issuerJwk), kbSigner: await ES256.getSigner(request.holderJwk),
      kbSignAlg: ES256.alg
    });
    const credential = await instance.issue(
      {...request.claims, cnf: {jwk: holderPublic}}, request.disclosureFrame, {header: {kid: request.kid}});
    const presentation = await instance.present(credential, request.presentationFrame, {
      kb: {payload: {aud: request.aud, nonce: request.nonce, iat: Math.floor(Date.now() / 1000)}}
    });
    return {credential, presentation};
  }
  throw new Error(`unknown op ${request.op}`);
}

try {
  const result = await run(await readStdin());
  process.stdout.write(JSON.stringify({ok: true, ...result}));
} catch(error) {
  process.stdout.write(JSON.stringify({ok: false, error: {name: error.name, message: error.message}}));
}
