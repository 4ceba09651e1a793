// The operations the interop CLI and the benchmark run on the reference
// implementations: verify, sign, derive, canonize, toRdf. Each takes a plain
// request object and a documentLoader; issuing throws, verifying returns.
import * as vc from '@digitalbazaar/vc';
import {
  deriveSuite, importKeyPair, signingSuite, verifyingSuites
} from './suites.mjs';
import jsigs from 'jsonld-signatures';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';

const {purposes: {AssertionProofPurpose}} = jsigs;

/** Leaf error messages of a (possibly nested) jsonld-signatures error. */
export function errorMessages(error, out = []) {
  if(!error) {
    return out;
  }
  const nested = Array.isArray(error.errors) ? error.errors : [];
  if(nested.length === 0 && error.message && !out.includes(error.message)) {
    out.push(error.message);
  }
  for(const inner of nested) {
    errorMessages(inner, out);
  }
  return out;
}

/**
 * Verifies a credential with @digitalbazaar/vc. `issuerBinding` (default true)
 * uses vc's CredentialIssuancePurpose, which also requires the issuer to be
 * the verification method's controller; false checks the assertionMethod
 * relationship only (the W3C vectors name an issuer that is not their key).
 */
export async function verify(request, {documentLoader}) {
  const {credential, now, issuerBinding = true} = request;
  const options = {credential, suite: verifyingSuites(), documentLoader};
  if(now !== undefined) {
    options.now = now;
  }
  if(!issuerBinding) {
    options.purpose = new AssertionProofPurpose();
  }
  if(credential?.credentialStatus && request.statusVerified !== undefined) {
    options.checkStatus = async () => ({verified: Boolean(request.statusVerified)});
  }
  const result = await vc.verifyCredential(options);
  const errors = errorMessages(result.error);
  for(const proofResult of result.results ?? []) {
    errorMessages(proofResult.error, errors);
  }
  const proofCount = [credential?.proof ?? []].flat().length;
  const results = result.results ?? [];
  return {
    verified: result.verified === true,
    // VC Data Integrity §4.5 combines a proof set as "every proof verifies";
    // jsonld-signatures reports `verified` when at least one proof does.
    allProofsVerified: result.verified === true && proofCount > 0 &&
      results.length === proofCount && results.every(r => r.verified === true),
    errors,
    proofs: results.map(r => ({
      cryptosuite: r.proof?.cryptosuite ?? null,
      verified: r.verified === true,
      errors: errorMessages(r.error)
    }))
  };
}

/**
 * Signs with @digitalbazaar/vc `issue`. The key is Multikey
 * ({publicKeyMultibase, secretKeyMultibase, id?, controller?}); `issuer` is
 * set to the key's controller when the credential has none.
 */
export async function sign(request, {documentLoader}) {
  const {suite, key, mandatoryPointers, created, now} = request;
  const keyPair = await importKeyPair(suite, key);
  const credential = structuredClone(request.credential);
  if(credential.issuer === undefined) {
    credential.issuer = keyPair.controller;
  }
  return vc.issue({
    credential,
    suite: signingSuite({suite, keyPair, mandatoryPointers, created}),
    documentLoader,
    now
  });
}

/** Derives an ecdsa-sd-2023 disclosure revealing `selectivePointers`. */
export async function derive(request, {documentLoader}) {
  const {credential, selectivePointers} = request;
  return vc.derive({
    verifiableCredential: structuredClone(credential),
    suite: deriveSuite({selectivePointers}),
    documentLoader
  });
}

/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document exactly as the -rdfc-
 * cryptosuites compute it before hashing (jsonld.toRDF in safe mode with
 * base null and rdfDirection "i18n-datatype", then rdf-canonize with its
 * default work limit unless `maxWorkFactor` is given), or of an N-Quads
 * dataset (`inputFormat: "nquads"`).
 */
export async function canonize(request, {documentLoader}) {
  const {document, inputFormat = 'jsonld', hash = 'sha256', maxWorkFactor} = request;
  const options = {
    algorithm: 'RDFC-1.0', format: 'application/n-quads', messageDigestAlgorithm: hash
  };
  if(maxWorkFactor !== undefined) {
    options.maxWorkFactor = maxWorkFactor;
  }
  if(inputFormat === 'nquads') {
    return {nquads: await rdfCanonize.canonize(document, {
      ...options, inputFormat: 'application/n-quads'
    })};
  }
  if(inputFormat !== 'jsonld') {
    throw new TypeError(`unknown inputFormat "${inputFormat}" (jsonld or nquads)`);
  }
  const dataset = await jsonld.toRDF(document, {
    documentLoader, base: null, safe: true, rdfDirection: 'i18n-datatype',
    produceGeneralizedRdf: false
  });
  return {nquads: await rdfCanonize.canonize(dataset, options)};
}

/** The document's RDF dataset as (non-canonical) N-Quads, as `canonize` reads it. */
export async function toRdf(request, {documentLoader}) {
  const nquads = await jsonld.toRDF(request.document, {
    format: 'application/n-quads', documentLoader, base: null, safe: true,
    rdfDirection: 'i18n-datatype'
  });
  return {nquads};
}

import {verifyWithStatus} from './status.mjs';

export const OPERATIONS = {verify, sign, derive, canonize, toRdf, verifyWithStatus};
