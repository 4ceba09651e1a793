// Offline JSON-LD document loader for the reference implementations: it serves
// only local files named in context manifests, and did:key documents computed
// from the key in the DID. Any other URL throws, so the network is never used.
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';

// Multikey headers of the did:key forms we resolve: Ed25519, P-256, P-384.
const DID_KEY_HEADERS = [
  ['z6Mk', Ed25519Multikey.from],
  ['zDna', EcdsaMultikey.from],
  ['z82L', EcdsaMultikey.from]
];

export class OfflineLoaderError extends Error {
  constructor(url, reason) {
    super(`offline document loader: ${reason}: ${url}`);
    this.name = 'OfflineLoaderError';
    this.url = url;
  }
}

/**
 * Reads a context manifest: a JSON object mapping each URL to a file path
 * relative to the manifest (the format of `schemas/contexts/index.json`).
 * A manifest may also nest that map under a "contexts" key.
 */
export function readManifest(manifestPath) {
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entries = raw && typeof raw.contexts === 'object' && raw.contexts !== null ?
    raw.contexts : raw;
  const base = dirname(resolve(manifestPath));
  const files = new Map();
  for(const [url, value] of Object.entries(entries)) {
    const file = typeof value === 'string' ? value : value?.file ?? value?.path;
    if(typeof file !== 'string') {
      throw new Error(`manifest ${manifestPath}: no file for ${url}`);
    }
    files.set(url, resolve(base, file));
  }
  return files;
}

/**
 * Builds a documentLoader over the given manifests; the first manifest naming
 * a URL wins. Documents are parsed once and cached.
 */
export function createDocumentLoader({manifests = []} = {}) {
  const files = new Map();
  for(const manifest of manifests) {
    for(const [url, file] of readManifest(manifest)) {
      if(!files.has(url)) {
        files.set(url, file);
      }
    }
  }
  const cache = new Map();
  const didKey = didKeyDriver();
  for(const [multibaseMultikeyHeader, fromMultibase] of DID_KEY_HEADERS) {
    didKey.use({multibaseMultikeyHeader, fromMultibase});
  }

  async function documentLoader(url) {
    if(typeof url !== 'string') {
      throw new OfflineLoaderError(String(url), 'URL is not a string');
    }
    if(url.startsWith('did:key:')) {
      let document;
      try {
        document = await didKey.get({url});
      } catch(error) {
        throw new OfflineLoaderError(url, `cannot resolve did:key (${error.message})`);
      }
      return {contextUrl: null, documentUrl: url, document};
    }
    if(!cache.has(url)) {
      const file = files.get(url);
      if(file === undefined) {
        throw new OfflineLoaderError(url, 'no local document for URL');
      }
      cache.set(url, JSON.parse(readFileSync(file, 'utf8')));
    }
    return {contextUrl: null, documentUrl: url, document: cache.get(url)};
  }

  documentLoader.urls = () => [...files.keys()].sort();
  return documentLoader;
}
