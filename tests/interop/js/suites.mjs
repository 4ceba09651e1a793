// The Data Integrity suites of the reference implementations, by cryptosuite
// name, and key import from Multikey (publicKeyMultibase/secretKeyMultibase).
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  createDiscloseCryptosuite, createSignCryptosuite, createVerifyCryptosuite
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as ecdsaRdfc2019Cryptosuite} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {cryptosuite as eddsaRdfc2022Cryptosuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

export const SUITES = ['eddsa-rdfc-2022', 'ecdsa-rdfc-2019', 'ecdsa-sd-2023'];

const KEY_MODULES = {
  'eddsa-rdfc-2022': Ed25519Multikey,
  'ecdsa-rdfc-2019': EcdsaMultikey,
  'ecdsa-sd-2023': EcdsaMultikey
};

function assertSuite(suite) {
  if(!SUITES.includes(suite)) {
    throw new TypeError(`unsupported suite "${suite}" (one of ${SUITES.join(', ')})`);
  }
}

/**
 * Imports a signing key; `controller` defaults to the key's did:key and `id`
 * to `${controller}#${publicKeyMultibase}`.
 */
export async function importKeyPair(suite, key) {
  assertSuite(suite);
  const {publicKeyMultibase, secretKeyMultibase} = key ?? {};
  if(typeof publicKeyMultibase !== 'string' || typeof secretKeyMultibase !== 'string') {
    throw new TypeError('key needs publicKeyMultibase and secretKeyMultibase');
  }
  const controller = key.controller ?? `did:key:${publicKeyMultibase}`;
  const id = key.id ?? `${controller}#${publicKeyMultibase}`;
  return KEY_MODULES[suite].from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id,
    controller,
    publicKeyMultibase,
    secretKeyMultibase
  });
}

/** A suite that creates a proof (for ecdsa-sd-2023: a base proof). */
export function signingSuite({suite, keyPair, mandatoryPointers = [], created}) {
  assertSuite(suite);
  const cryptosuite = {
    'eddsa-rdfc-2022': () => eddsaRdfc2022Cryptosuite,
    'ecdsa-rdfc-2019': () => ecdsaRdfc2019Cryptosuite,
    'ecdsa-sd-2023': () => createSignCryptosuite({mandatoryPointers})
  }[suite]();
  return new DataIntegrityProof({signer: keyPair.signer(), date: created, cryptosuite});
}

/** A suite that derives an ecdsa-sd-2023 disclosure from a base proof. */
export function deriveSuite({selectivePointers = []}) {
  return new DataIntegrityProof({
    cryptosuite: createDiscloseCryptosuite({selectivePointers})
  });
}

/** Every verifying suite; jsonld-signatures picks one per proof by cryptosuite. */
export function verifyingSuites() {
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022Cryptosuite}),
    new DataIntegrityProof({cryptosuite: ecdsaRdfc2019Cryptosuite}),
    new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()})
  ];
}
