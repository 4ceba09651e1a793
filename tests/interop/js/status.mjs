// Verification with Digital Bazaar's Bitstring Status List checker
// (@digitalbazaar/vc-bitstring-status-list): vc.verifyCredential with
// checkStatus, which loads each statusListCredential, verifies its own proof
// with the same suites, requires the list's issuer to be the credential's, and
// reads the bit. Documents the offline loader does not hold (the issuer's
// did:web DID document, the status lists) are handed in with the request.
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {errorMessages} from './ops.mjs';
import {verifyingSuites} from './suites.mjs';

// A loader over the request's documents first: a DID URL with a fragment
// answers the verification method of its DID document (with its @context).
function withDocuments(documentLoader, documents = {}) {
  return async url => {
    const [base, fragment] = url.split('#');
    const document = documents[base];
    if(document === undefined) {
      return documentLoader(url);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    const method = [document.verificationMethod ?? []].flat().find(
      m => m.id === url || m.id === `#${fragment}`);
    if(!method) {
      throw new Error(`no verification method ${url} in the supplied DID document`);
    }
    return {contextUrl: null, documentUrl: url,
      document: {'@context': document['@context'], ...method}};
  };
}

/**
 * {credential, documents, now?} -> {verified, errors, statuses: [{statusPurpose,
 * status}]}; `status` true means the bit is set (revoked / suspended).
 */
export async function verifyWithStatus(request, {documentLoader}) {
  const {credential, documents, now} = request;
  const loader = withDocuments(documentLoader, documents);
  const options = {
    credential, suite: verifyingSuites(), documentLoader: loader,
    checkStatus: ({credential: checked}) => checkStatus({
      credential: checked, documentLoader: loader, suite: verifyingSuites(),
      verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true
    })
  };
  if(now !== undefined) {
    options.now = now;
  }
  const result = await vc.verifyCredential(options);
  const errors = errorMessages(result.error);
  errorMessages(result.statusResult?.error, errors);
  for(const proofResult of result.results ?? []) {
    errorMessages(proofResult.error, errors);
  }
  return {
    verified: result.verified === true,
    errors,
    statusVerified: result.statusResult?.verified === true,
    statuses: (result.statusResult?.results ?? []).map(r => ({
      statusPurpose: r.credentialStatus?.statusPurpose ?? null,
      status: r.status === true
    }))
  };
}
