// Writing a prepared stack into a target directory: decide an action per file (create, update,
// unchanged, overwrite, skip, conflict), refuse before writing anything when a file the user
// changed would be overwritten, then write each file atomically (temp file + rename in the same
// directory), back up what --force overwrites, and record the manifest last.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { emptyManifest, readManifest, serializeManifest, sha256, type Manifest } from './manifest.js';
import { assertInsideOnDisk, assertSafeRelativePath, realTarget } from './paths.js';
import type { FinalFile, Origin } from './plan.js';
import { deriveFiles, MANIFEST_PATH, RECORD_DIR, type PreparedStack, type RenderedFile } from './stack.js';

export type WriteAction = 'create' | 'update' | 'unchanged' | 'overwrite' | 'skip' | 'conflict';

export interface FileChange {
  path: string;
  action: WriteAction;
  content: string;
  mode?: number;
  /** Why a file is a conflict or was skipped (or, for `theirs`, what was added). */
  reason?: string;
  /** A file the user changed, written with our additions only (PlannedFile.merge): it stays theirs, unrecorded. */
  theirs?: boolean;
}

export interface WriteOptions {
  /** Overwrite files the user changed, keeping a backup under .devops-stack/backup/. */
  force?: boolean;
  /** Write into a non-empty directory; leave files the user changed (or owns) untouched. */
  merge?: boolean;
  /** Decide every action, write nothing. */
  dryRun?: boolean;
  /** Write only these paths (smaller generators); the rest of the plan still feeds derived files. */
  only?: (path: string) => boolean;
  /** Timestamp for the backup directory (tests pin it). */
  now?: Date;
}

export interface WriteResult {
  root: string;
  changes: FileChange[];
  /** Where overwritten files were copied, relative to the target. */
  backupDir?: string;
  /** Paths this run leaves as ours (what files-changed.json lists). */
  final: FinalFile[];
}

/** The target holds files the user changed; nothing was written. */
export class ConflictError extends Error {
  constructor(readonly conflicts: FileChange[]) {
    const shown = conflicts.slice(0, 5).map((c) => c.path).join(', ');
    const more = conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : '';
    super(`${conflicts.length} file(s) would overwrite changes you made: ${shown}${more} (use --merge to keep them, or --force to overwrite with a backup)`);
  }
}

/** An I/O failure, reduced to one line. */
export class WriteError extends Error {}

const IO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
};

export function ioError(what: string, e: unknown): WriteError {
  const err = e as NodeJS.ErrnoException;
  return new WriteError(`${what}: ${(err.code && IO_REASONS[err.code]) ?? err.message.split('\n')[0]}`);
}

/** Files in a directory that count as "not empty" (a fresh `git init` does not). */
export function existingEntries(dir: string): string[] {
  try {
    // Our record dir alone (a first run killed before its manifest landed) does not make it "not empty".
    return readdirSync(dir).filter((e) => e !== '.git' && e !== RECORD_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new WriteError(`${dir} exists and is not a directory`);
    throw ioError(`cannot read ${dir}`, e);
  }
}

function readIfFile(abs: string, rel: string): string | undefined | null {
  let st;
  try {
    st = lstatSync(abs, { throwIfNoEntry: false }); // a new file: not thrown, which costs more than the stat
  } catch {
    return undefined;
  }
  if (!st) return undefined;
  if (!st.isFile()) return null; // a directory or special file where we want a file
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw ioError(`cannot read ${rel}`, e);
  }
}

function decide(root: string, f: RenderedFile, manifest: Manifest, opts: WriteOptions): FileChange {
  assertSafeRelativePath(f.path);
  assertInsideOnDisk(root, f.path);
  const base = { path: f.path, content: f.content, ...(f.mode ? { mode: f.mode } : {}) };
  const current = readIfFile(join(root, f.path), f.path);
  if (current === undefined) return { ...base, action: 'create' };
  if (current === null) return { ...base, action: 'conflict', reason: 'not a regular file' };
  if (current === f.content) return { ...base, action: 'unchanged' };
  // Our own records are always ours to rewrite.
  if (f.path.startsWith(`${RECORD_DIR}/`)) return { ...base, action: 'update' };
  const recorded = manifest.files[f.path]?.sha256;
  if (recorded && recorded === sha256(current)) return { ...base, action: 'update' };
  const reason = recorded ? 'changed since it was generated' : 'exists and was not written by us';
  if (f.merge) {
    // Additions to the user's own version: made (never with --merge), the rest of the file kept.
    const m = f.merge(current);
    if ('error' in m) return unmergeable(base, opts, `${reason}, and our additions cannot be merged into it: ${m.error}`);
    if (m.content === current) return { ...base, content: current, action: 'unchanged', theirs: true };
    if (opts.merge) return { ...base, action: 'skip', reason: `${reason}; add by hand: ${m.note}` };
    return { ...base, content: m.content, action: 'update', theirs: true, reason: `${reason}; added ${m.note}, the rest kept as you wrote it` };
  }
  return unmergeable(base, opts, reason);
}

function unmergeable(base: Omit<FileChange, 'action'>, opts: WriteOptions, reason: string): FileChange {
  if (opts.force) return { ...base, action: 'overwrite', reason };
  if (opts.merge) return { ...base, action: 'skip', reason };
  return { ...base, action: 'conflict', reason };
}

function originOf(path: string, action: WriteAction | undefined, manifest: Manifest): Origin {
  return manifest.files[path]?.origin ?? (action === 'overwrite' ? 'modified' : 'created');
}

/** Directories known to exist in this process: one mkdir per directory, not per file. */
const madeDirs = new Set<string>();

function ensureDir(dir: string, again = false): void {
  if (madeDirs.has(dir) && !again) return;
  try {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  } catch (e) {
    // mkdir -p reports a file in the way as EEXIST: say what it means.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') (e as NodeJS.ErrnoException).code = 'ENOTDIR';
    throw e;
  }
}

function atomicWrite(abs: string, content: string, mode: number, retry = true): void {
  const dir = dirname(abs);
  ensureDir(dir);
  const tmp = join(dir, `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { mode, flag: 'wx' });
    renameSync(tmp, abs);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    // A directory removed since we made it (same process, e.g. tests): make it again, once.
    if (retry && (e as NodeJS.ErrnoException).code === 'ENOENT') {
      ensureDir(dir, true);
      return atomicWrite(abs, content, mode, false);
    }
    throw e;
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

/**
 * Decide and (unless dry-run) perform the writes for a prepared stack. Throws ConflictError
 * before writing anything when a changed file would be overwritten without --force/--merge.
 */
export function writeStack(target: string, stack: PreparedStack, opts: WriteOptions = {}): WriteResult {
  const root = realTarget(target);
  const manifest = readManifest(root) ?? emptyManifest();
  const only = opts.only ?? (() => true);

  const changes = new Map<string, FileChange>();
  for (const f of stack.rendered.values()) if (only(f.path)) changes.set(f.path, decide(root, f, manifest, opts));

  // The final set: what this run writes or keeps as ours; files outside `only` count when ours already.
  const final: FinalFile[] = [];
  for (const f of stack.plan) {
    const c = changes.get(f.path);
    const kept = c ? c.action !== 'skip' && c.action !== 'conflict' && !c.theirs : f.derive ? only(f.path) || f.path in manifest.files : f.path in manifest.files;
    if (kept) final.push({ path: f.path, origin: originOf(f.path, c?.action, manifest) });
  }
  final.push({ path: MANIFEST_PATH, origin: originOf(MANIFEST_PATH, undefined, manifest) });
  for (const f of deriveFiles(stack, final)) if (only(f.path)) changes.set(f.path, decide(root, f, manifest, opts));

  const list = [...changes.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const conflicts = list.filter((c) => c.action === 'conflict');
  const result: WriteResult = { root, changes: list, final };
  if (opts.dryRun) return result; // conflicts are shown, not thrown
  if (conflicts.length) throw new ConflictError(conflicts);

  const overwrites = list.filter((c) => c.action === 'overwrite');
  if (overwrites.length) {
    result.backupDir = `${RECORD_DIR}/backup/${stamp(opts.now ?? new Date())}`;
    for (const c of overwrites) {
      const to = join(root, result.backupDir, c.path);
      try {
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(root, c.path), to);
      } catch (e) {
        throw ioError(`cannot back up ${c.path}`, e);
      }
    }
  }
  // Before the first write, record the files this run creates, with their new hashes: a run killed
  // halfway leaves a manifest that makes them ours, so a re-run creates the absent ones and finds
  // the written ones unchanged, instead of refusing a directory it cannot tell from the user's.
  const creating = list.filter((c) => c.action === 'create');
  if (creating.length) {
    const provisional: Manifest = { ...manifest, files: { ...manifest.files } };
    for (const c of creating) provisional.files[c.path] = { sha256: sha256(c.content), origin: originOf(c.path, c.action, manifest) };
    writeManifest(root, provisional);
  }
  for (const c of list) {
    if (c.action === 'create' || c.action === 'update' || c.action === 'overwrite') {
      assertInsideOnDisk(root, c.path); // again, right before writing: a symlink may have appeared
      try {
        atomicWrite(join(root, c.path), c.content, c.mode ?? 0o644);
      } catch (e) {
        throw ioError(`cannot write ${c.path}`, e);
      }
    }
    // A file kept as the user's (skipped, or merged into) keeps its old record, so it stays theirs.
    if (c.action !== 'skip' && !c.theirs) manifest.files[c.path] = { sha256: sha256(c.content), origin: originOf(c.path, c.action, manifest) };
  }
  writeManifest(root, manifest);
  removeStaleTemps(root, list.map((c) => c.path));
  return result;
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Temp files a killed run left beside planned files (`.<name>.<pid>.<hex>.tmp`, pid gone): removed. */
function removeStaleTemps(root: string, paths: string[]): void {
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const d = dirname(p);
    if (!byDir.has(d)) byDir.set(d, new Set());
    byDir.get(d)!.add(basename(p));
  }
  for (const [d, names] of byDir) {
    let entries: string[];
    try {
      entries = readdirSync(join(root, d));
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = TEMP.exec(e);
      if (!m || !names.has(m[1]) || alive(Number(m[2]))) continue;
      try {
        unlinkSync(join(root, d, e));
      } catch {
        /* already gone */
      }
    }
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeManifest(root: string, manifest: Manifest): void {
  const text = serializeManifest(manifest);
  const abs = join(root, MANIFEST_PATH);
  let current: string | undefined;
  try {
    current = readFileSync(abs, 'utf8');
  } catch {
    /* first run */
  }
  if (current === text) return;
  try {
    atomicWrite(abs, text, 0o644);
  } catch (e) {
    throw ioError(`cannot write ${MANIFEST_PATH}`, e);
  }
}

/**
 * Write rendered files as a first run does, with no conflict checks (test fixtures, the
 * pairwise matrix). Paths are still checked, writes are atomic, and the manifest is recorded.
 */
export function writeFiles(target: string, files: RenderedFile[]): void {
  mkdirSync(target, { recursive: true });
  const root = realTarget(target);
  const manifest = emptyManifest();
  for (const f of files) {
    assertSafeRelativePath(f.path);
    assertInsideOnDisk(root, f.path);
    atomicWrite(join(root, f.path), f.content, f.mode ?? 0o644);
    manifest.files[f.path] = { sha256: sha256(f.content), origin: 'created' };
  }
  writeManifest(root, manifest);
}
