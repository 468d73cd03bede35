// Writes and signs a TUF repository with @tufjs/models (an independent implementation), laid out the way
// Summon serves one: consistent snapshots, metadata/N.ROLE.json, targets stored as <dir>/<sha256>.<name>.
// Keys are made with node's crypto, so nothing of Summon's signs anything here.
// Usage: node write-repository.mjs <ed25519|ecdsa> <outDir> <targets.json>
//   targets.json: [{ "path": "<target path>", "file": "<local file with its content>" }, ...]
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalize } from '@tufjs/canonical-json';
import { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';

const [keyType, outDir, targetsList] = process.argv.slice(2);
if (!['ed25519', 'ecdsa'].includes(keyType) || !targetsList) {
  console.error('usage: node write-repository.mjs <ed25519|ecdsa> <outDir> <targets.json>');
  process.exit(2);
}

const SPEC_VERSION = '1.0.31';
const expires = (days) => new Date(Date.now() + days * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function newKey() {
  if (keyType === 'ed25519') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // TUF's ed25519 public value is the raw 32-byte key in hex: the tail of the SubjectPublicKeyInfo.
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    return withId({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw.toString('hex') } }, (data) => sign(null, data, privateKey));
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ format: 'pem', type: 'spki' });
  // ecdsa-sha2-nistp256 signatures are DER, as securesystemslib and tuf-js write them.
  return withId({ keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', keyval: { public: pem } }, (data) => sign('sha256', data, privateKey));
}

function withId(publicKey, signBytes) {
  // A key's id is the SHA-256 of the canonical JSON of its public part (TUF spec, "KEYID").
  const keyID = createHash('sha256').update(canonicalize(publicKey)).digest('hex');
  const key = Key.fromJSON(keyID, publicKey);
  const signer = (data) => new Signature({ keyID, sig: signBytes(data).toString('hex') });
  return { key, signer };
}

try {
  const metadataDir = path.join(outDir, 'metadata');
  const targetsDir = path.join(outDir, 'targets');
  mkdirSync(metadataDir, { recursive: true });

  const keys = Object.fromEntries(['root', 'targets', 'snapshot', 'timestamp'].map((role) => [role, newKey()]));

  const targets = new Targets({ version: 1, specVersion: SPEC_VERSION, expires: expires(30) });
  for (const { path: targetPath, file } of JSON.parse(readFileSync(targetsList, 'utf8'))) {
    const data = readFileSync(file);
    const sha256 = createHash('sha256').update(data).digest('hex');
    targets.addTarget(new TargetFile({ path: targetPath, length: data.length, hashes: { sha256 } }));
    const stored = path.join(targetsDir, path.dirname(targetPath), `${sha256}.${path.basename(targetPath)}`);
    mkdirSync(path.dirname(stored), { recursive: true });
    writeFileSync(stored, data);
  }

  const root = new Root({ version: 1, specVersion: SPEC_VERSION, expires: expires(365), consistentSnapshot: true });
  for (const [role, { key }] of Object.entries(keys)) {
    root.addKey(key, role);
  }

  const write = (signed, role, fileName) => {
    const metadata = new Metadata(signed);
    metadata.sign(keys[role].signer);
    const bytes = Buffer.from(JSON.stringify(metadata.toJSON(), null, 1));
    writeFileSync(path.join(metadataDir, fileName), bytes);
    return bytes;
  };

  write(root, 'root', '1.root.json');
  const targetsBytes = write(targets, 'targets', '1.targets.json');
  const snapshot = new Snapshot({
    version: 1, specVersion: SPEC_VERSION, expires: expires(7),
    meta: { 'targets.json': new MetaFile({ version: 1, length: targetsBytes.length, hashes: { sha256: createHash('sha256').update(targetsBytes).digest('hex') } }) },
  });
  const snapshotBytes = write(snapshot, 'snapshot', '1.snapshot.json');
  const timestamp = new Timestamp({
    version: 1, specVersion: SPEC_VERSION, expires: expires(1),
    snapshotMeta: new MetaFile({ version: 1, length: snapshotBytes.length, hashes: { sha256: createHash('sha256').update(snapshotBytes).digest('hex') } }),
  });
  write(timestamp, 'timestamp', 'timestamp.json');
  console.log(JSON.stringify({ keyType, keyIds: Object.fromEntries(Object.entries(keys).map(([role, { key }]) => [role, key.keyID])) }));
} catch (error) {
  console.error(`@tufjs/models: ${error?.constructor?.name ?? 'Error'}: ${error?.message ?? error}`);
  process.exit(1);
}
