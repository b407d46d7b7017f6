// require() for large CommonJS files (the audit's own 1.6 MB bundle, mvdan-sh's 1.5 MB GopherJS
// build, TypeScript's 9 MB compiler) with V8's code cache kept on disk: later runs skip compiling
// them, which costs more than the work a pre-commit run does on three files. Node 22 does this
// itself (module.enableCompileCache); on Node 20 it is done here. Any problem falls back to require().
//
// V8 rejects a cache made under other V8 flags: flags a command sets (devops-audit's
// --liftoff-only) are set before its first load, and the flags are part of an entry's key, so a
// short run (no TurboFan, src/v8-flags.ts) and a full audit keep an entry each instead of
// rejecting and rewriting each other's.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { quickHash } from './hash.js';
import { readReused, readText } from './read-text.js';
import { restoreV8Flags, v8FlagsKey } from './v8-flags.js';

const require = createRequire(import.meta.url);

/** Per user, never shared: a code cache is code, so another user must not be able to plant one. */
function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : join(tmpdir(), `devops-audit-${process.getuid?.() ?? 'user'}`));
  return join(base, 'devops-audit', `v8-${process.versions.v8}-${process.arch}`);
}

const loaded = new Map<string, unknown>();

/** require(specifier), compiled from the on-disk code cache when one matches the file. */
export function requireCached<T>(specifier: string): T {
  if (loaded.has(specifier)) return loaded.get(specifier) as T;
  let value: unknown;
  if (process.env.DEVOPS_AUDIT_NO_COMPILE_CACHE) value = require(specifier);
  else {
    try {
      value = prepare(require.resolve(specifier))();
    } catch {
      value = require(specifier);
    }
  }
  loaded.set(specifier, value);
  return value as T;
}

/**
 * Runs a CommonJS file of ours (a bundled command) through the code cache, or require()s it when
 * that fails before the file starts running. Such a file must not call import(): V8 (11.3, Node 20)
 * drops a script's dynamic-import callback when the script comes from a code cache, so import()
 * throws there; scripts/bundle.ts has esbuild turn each import() into a require().
 */
export function runCommonJs(file: string): void {
  if (process.env.DEVOPS_AUDIT_NO_COMPILE_CACHE) {
    require(file);
    return;
  }
  let run: () => unknown;
  try {
    run = prepare(file);
  } catch {
    require(file);
    return;
  }
  run(); // errors thrown by the command itself are its own, not a reason to load it twice
}

/** Compiles the file (from the cache when it matches) and returns what runs it and gives its exports. */
function prepare(file: string): () => unknown {
  const st = statSync(file);
  const flags = v8FlagsKey();
  const cacheFile = join(cacheDir(), `${quickHash(`${file}\0${st.size}\0${st.mtimeMs}\0${flags}`)}.bin`);
  // The source first: the cache is read into the same reused buffer (read-text.ts), and consumed
  // by the compile.
  const source = Module.wrap(readText(file));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readReused(cacheFile);
  } catch {
    /* first run: compiled below and written after */
  }
  const script = new Script(source, { filename: file, cachedData });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, so the cache also holds the functions this run compiled lazily (the parser).
    // V8 stamps the cache with the flags current when it is written: those it was compiled under.
    process.once('exit', () => restoreV8Flags(flags) && writeCache(cacheFile, script));
  }
  return () => {
    fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
    mod.loaded = true;
    return mod.exports;
  };
}

function writeCache(cacheFile: string, script: Script): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, cacheFile);
    prune(dirname(cacheFile));
  } catch {
    /* read-only home: stay uncached */
  }
}

/** Entries are per installed file (path, size, mtime): each install or upgrade adds 1–3 MB. Keep the newest. */
const KEEP = 16;
function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP)) rmSync(join(dir, f), { force: true });
}
