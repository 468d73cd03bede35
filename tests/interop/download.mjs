// tuf-js (an independent TUF client) downloads one target from a repository and verifies it.
// Usage: node download.mjs <metadataBaseUrl> <targetBaseUrl> <trustedRoot> <workDir> <targetPath>
// Prints one JSON line: {"path", "file", "length", "sha256"}; exits 1 with the error on stderr on any failure.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Updater } from 'tuf-js';

const [metadataBaseUrl, targetBaseUrl, trustedRoot, workDir, targetPath] = process.argv.slice(2);
if (!targetPath) {
  console.error('usage: node download.mjs <metadataBaseUrl> <targetBaseUrl> <trustedRoot> <workDir> <targetPath>');
  process.exit(2);
}

try {
  const metadataDir = path.join(workDir, 'metadata');
  const targetDir = path.join(workDir, 'targets');
  mkdirSync(metadataDir, { recursive: true });
  mkdirSync(targetDir, { recursive: true });
  // tuf-js starts from root.json in its metadata folder, the way an application ships its first root.
  copyFileSync(trustedRoot, path.join(metadataDir, 'root.json'));
  // No retries: a failure should show at once, not after tuf-js's default backoff.
  const updater = new Updater({ metadataBaseUrl, targetBaseUrl, metadataDir, targetDir, config: { fetchRetries: 0, fetchTimeout: 20000 } });
  await updater.refresh();
  const info = await updater.getTargetInfo(targetPath);
  if (!info) {
    throw new Error(`tuf-js found no signed target ${targetPath}`);
  }
  const file = await updater.downloadTarget(info, path.join(targetDir, path.basename(targetPath)));
  const data = readFileSync(file);
  console.log(JSON.stringify({ path: info.path, file, length: data.length, sha256: createHash('sha256').update(data).digest('hex') }));
} catch (error) {
  console.error(`tuf-js: ${error?.constructor?.name ?? 'Error'}: ${error?.message ?? error}`);
  process.exit(1);
}
