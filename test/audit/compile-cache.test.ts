// The code cache the audit's bundle, mvdan-sh and TypeScript are compiled from (src/compile-cache.ts):
// each run in its own process, as the command uses it, with its own cache directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { quickHash } from '../../src/hash.js';

const CACHE_MODULE = pathToFileURL(resolve('dist/src/compile-cache.js')).href;

const FLAGS_MODULE = pathToFileURL(resolve('dist/src/v8-flags.js')).href;

/**
 * Runs `file` (CommonJS) through runCommonJs in a new node, V8 flags set as `flags` says; its stdout.
 * The script is the same text whatever the flags (node's -e text is in execArgv, part of the key).
 * - `raw:<flag>`: set by hand, unknown to src/v8-flags.ts (as a user's NODE_OPTIONS could be);
 * - `audit`, `short`: setAuditFlags(), then setShortRun(true) for `short`, both before the file runs;
 * - `audit-then-short`: setShortRun(true) after the file was compiled (as the audit's bundle is).
 */
function run(file: string, cacheHome: string, flags = '', env: NodeJS.ProcessEnv = {}) {
  const script = `import { setFlagsFromString } from 'node:v8';
const { setAuditFlags, setShortRun } = await import(${JSON.stringify(FLAGS_MODULE)});
const flags = process.env.TEST_FLAGS;
if (flags.startsWith('raw:')) setFlagsFromString(flags.slice(4));
if (flags === 'audit' || flags === 'short' || flags === 'audit-then-short') setAuditFlags();
if (flags === 'short') setShortRun(true);
const { runCommonJs } = await import(${JSON.stringify(CACHE_MODULE)});
runCommonJs(${JSON.stringify(file)});
if (flags === 'audit-then-short') setShortRun(true);
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, TEST_FLAGS: flags, ...env } });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The cache's entries: name → mtime. */
const cacheFiles = (home: string): Record<string, number> => {
  const out: Record<string, number> = {};
  try {
    for (const d of readdirSync(join(home, 'devops-audit'))) {
      for (const f of readdirSync(join(home, 'devops-audit', d))) out[join(d, f)] = statSync(join(home, 'devops-audit', d, f)).mtimeMs;
    }
  } catch {
    /* no cache directory */
  }
  return out;
};

describe('compile cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-'));
  const file = join(dir, 'command.cjs');
  writeFileSync(file, "'use strict';\nconst add = (a, b) => a + b;\nprocess.stdout.write(String(add(2, 3)) + (typeof require === 'function' && typeof module === 'object' ? ' cjs' : ''));\n");

  it('runs a CommonJS file, writes its cache at exit, and runs it from the cache after', () => {
    const home = mkdtempSync(join(tmpdir(), 'cc-home-'));
    expect(run(file, home)).toBe('5 cjs');
    const written = cacheFiles(home);
    expect(Object.keys(written)).toHaveLength(1);
    expect(run(file, home)).toBe('5 cjs');
    expect(cacheFiles(home)).toEqual(written); // accepted: not written again
  });

  it('a cache made under other V8 flags is rejected and written again, never used', () => {
    const home = mkdtempSync(join(tmpdir(), 'cc-home-'));
    run(file, home);
    const [entry] = Object.keys(cacheFiles(home));
    const path = join(home, 'devops-audit', entry);
    const before = readFileSync(path);
    expect(run(file, home, 'raw:--liftoff-only')).toBe('5 cjs');
    expect(readFileSync(path).equals(before)).toBe(false);
  });

  it('a short run (no TurboFan) and a full one keep an entry each: neither rejects the other', () => {
    const home = mkdtempSync(join(tmpdir(), 'cc-home-'));
    run(file, home, 'audit');
    run(file, home, 'short');
    const written = cacheFiles(home);
    expect(Object.keys(written)).toHaveLength(2);
    expect(run(file, home, 'audit')).toBe('5 cjs');
    expect(run(file, home, 'short')).toBe('5 cjs');
    expect(cacheFiles(home)).toEqual(written);
  });

  it('a file compiled before the flags changed is cached under the flags it was compiled with', () => {
    // The audit's bundle: compiled under the launcher's flags, the run then found short.
    const home = mkdtempSync(join(tmpdir(), 'cc-home-'));
    run(file, home, 'audit-then-short');
    const written = cacheFiles(home);
    expect(Object.keys(written)).toHaveLength(1);
    expect(run(file, home, 'audit-then-short')).toBe('5 cjs');
    expect(run(file, home, 'audit')).toBe('5 cjs');
    expect(cacheFiles(home)).toEqual(written); // V8 accepted it both times: not written again
  });

  it('DEVOPS_AUDIT_NO_COMPILE_CACHE runs the file without a cache', () => {
    const home = mkdtempSync(join(tmpdir(), 'cc-home-'));
    expect(run(file, home, '', { DEVOPS_AUDIT_NO_COMPILE_CACHE: '1' })).toBe('5 cjs');
    expect(cacheFiles(home)).toEqual({});
  });

  it('quickHash: stable, and different for texts that differ by one character', () => {
    expect(quickHash('dist/x.js\u00001000\u00001.5')).toBe(quickHash('dist/x.js\u00001000\u00001.5'));
    expect(quickHash('a')).toMatch(/^[0-9a-f]{16}$/);
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => quickHash(`/p/file.js\u0000${i}\u0000${i * 7}`)));
    expect(seen.size).toBe(2000);
  });
});
