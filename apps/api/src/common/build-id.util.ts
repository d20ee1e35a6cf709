import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';

let id: string | undefined;

/**
 * A digest of this process's own code: `codeDigest` of its loaded modules outside node_modules
 * (taken once, at the first call, when the app has loaded them all). For what a decision taken by one
 * build must not be trusted by another (docs/architecture.md, "Unchanged resends").
 */
export function buildId(): string {
  id ??= codeDigest(Object.keys(require.cache).filter((file) => !file.includes(`${sep}node_modules${sep}`)));
  return id;
}

/** A digest of the files' contents, whatever their paths and order: processes of one build agree on it wherever they run. */
export function codeDigest(files: string[]): string {
  const contents = files.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex')).sort();
  return createHash('sha256').update(contents.join('\n')).digest('hex');
}
