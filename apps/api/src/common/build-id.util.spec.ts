import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildId, codeDigest } from './build-id.util';

describe('codeDigest', () => {
  const dirs: string[] = [];
  /** A build of two modules in a directory of its own. */
  const build = (service: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'hermes-build-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'main.js'), 'require("./service");');
    writeFileSync(join(dir, 'service.js'), service);
    return [join(dir, 'main.js'), join(dir, 'service.js')];
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('agrees for the same code wherever it is installed and in whatever order its modules loaded', () => {
    const here = build('exports.rule = 1;');
    const there = mkdtempSync(join(tmpdir(), 'hermes-build-'));
    dirs.push(there);
    cpSync(join(here[0], '..'), there, { recursive: true });

    expect(codeDigest([join(there, 'service.js'), join(there, 'main.js')])).toBe(codeDigest(here));
  });

  it('differs once one module changes', () => {
    expect(codeDigest(build('exports.rule = 2;'))).not.toBe(codeDigest(build('exports.rule = 1;')));
  });

  it("is taken once for this process's own code", () => {
    expect(buildId()).toMatch(/^[0-9a-f]{64}$/);
    expect(buildId()).toBe(buildId());
  });
});
