import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';

let id: string | undefined;

/**
 * A digest of this process's own code: the contents of its loaded modules outside node_modules
 * (taken once, at the first call, when the app has loaded them all). Processes of one build agree on
 * it wherever they run; a build whose code differs does not. For what a decision taken by one build
 * must not be trusted by another (docs/architecture.md, "Unchanged resends").
 */
export function buildId(): string {
  if (id === undefined) {
    const own = Object.keys(require.cache).filter((file) => !file.includes(`${sep}node_modules${sep}`));
    const files = own.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex')).sort();
    id = createHash('sha256').update(files.join('\n')).digest('hex');
  }
  return id;
}
