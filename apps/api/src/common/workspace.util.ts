import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest directory above `dir` holding a package.json: the workspace root, whether this code runs
 * from apps/api/src (swc-node) or from the compiled build's dist/apps/api/apps/api/src.
 */
export function workspaceRoot(dir: string = __dirname): string {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
  }
  throw new Error(`No package.json above ${dir}`);
}

/** Hermes' version, as its package.json says. */
export function hermesVersion(): string {
  return (JSON.parse(readFileSync(join(workspaceRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
