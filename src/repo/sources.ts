// Where file contents come from: the disk, memory (tests, examples), or git's index (--staged).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looseObjectsDir, readLooseBlob } from './git-objects.js';

/** git's arguments for the staged files and their blobs (`stagedFrom` reads the output). */
export const STAGED_DIFF = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--diff-filter=ACMR'];

export interface FileSource {
  /** Read a file's raw bytes by relative path. Throws on error. */
  read(path: string): Buffer;
  /** Absolute path, when the file lives on disk (for messages and tools). */
  absolute?(path: string): string;
}

export class DiskSource implements FileSource {
  constructor(readonly root: string) {}
  read(path: string): Buffer {
    return readFileSync(join(this.root, path));
  }
  absolute(path: string): string {
    return join(this.root, path);
  }
}

export class MemorySource implements FileSource {
  constructor(readonly files: Record<string, string | Buffer>) {}
  read(path: string): Buffer {
    const v = this.files[path];
    if (v === undefined) throw new Error(`no such file: ${path}`);
    return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  }
}

/**
 * The staged version of each file (git's index), so a hook judges what will be committed.
 * `top` is the git top level; `prefix` the audited directory inside it ('' for the top level):
 * paths are relative to the audited directory, as everywhere else in the audit.
 */
export class GitIndexSource implements FileSource {
  private readonly fetched = new Map<string, Buffer>();
  /** Each staged file's blob id, from `stagedFrom`. */
  private readonly blobs = new Map<string, string>();
  constructor(
    readonly top: string,
    readonly prefix = '',
    readonly env?: NodeJS.ProcessEnv,
  ) {}
  private spec(path: string): string {
    // `:<path>` names the index entry, a path from the top level.
    return `:${this.prefix ? `${this.prefix}/` : ''}${path}`;
  }
  /**
   * Read the staged content of many files: from the object store when the blob is a loose object
   * (git-objects.ts), else with one `git cat-file --batch` for all of them (a `git show` per file
   * was a process each: a third of a pre-commit run). Files neither gives are read one by one.
   */
  prefetch(paths: string[]): void {
    const objects = this.blobs.size ? looseObjectsDir(this.top, this.env) : undefined;
    if (objects) {
      for (const p of paths) {
        const id = this.blobs.get(p);
        const blob = id && !this.fetched.has(p) ? readLooseBlob(objects, id) : undefined;
        if (blob) this.fetched.set(p, blob);
      }
    }
    const wanted = paths.filter((p) => !this.fetched.has(p) && !/[\n\r]/.test(p));
    if (!wanted.length) return;
    let out: Buffer;
    try {
      out = execFileSync('git', ['cat-file', '--batch'], { cwd: this.top, env: this.env, input: wanted.map((p) => `${this.spec(p)}\n`).join(''), maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch {
      return;
    }
    let at = 0;
    for (const p of wanted) {
      const eol = out.indexOf(0x0a, at);
      if (eol < 0) return;
      const header = out.subarray(at, eol).toString('utf8');
      const m = / blob (\d+)$/.exec(header);
      if (!m) {
        at = eol + 1; // "<spec> missing" or not a blob: read() reports it
        continue;
      }
      const size = Number(m[1]);
      this.fetched.set(p, out.subarray(eol + 1, eol + 1 + size));
      at = eol + 1 + size + 1;
    }
  }
  read(path: string): Buffer {
    const hit = this.fetched.get(path);
    if (hit) return hit;
    return execFileSync('git', ['show', this.spec(path)], { cwd: this.top, env: this.env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  /**
   * Paths staged for commit (added, copied, modified, renamed) under `prefix`, relative to it, and
   * the blob each is staged as. Run at the top level, where git names them from the top whatever
   * `diff.relative` says.
   */
  stagedPaths(): string[] {
    return this.stagedFrom(execFileSync('git', STAGED_DIFF, { cwd: this.top, env: this.env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** The same, from that command's output (repo/staged-prefetch.ts ran it early). */
  stagedFrom(raw: Buffer): string[] {
    // --raw -z: `:<mode> <mode> <id> <id> <status>` NUL path NUL (a second path after R and C).
    const fields = raw.toString('utf8').split('\0');
    const under = this.prefix ? `${this.prefix}/` : '';
    const paths: string[] = [];
    for (let i = 0; i < fields.length - 1; ) {
      const [, dstMode, , dstId, status] = fields[i].split(' ');
      const two = /^[RC]/.test(status ?? '');
      const path = fields[i + (two ? 2 : 1)];
      i += two ? 3 : 2;
      if (!path || !path.startsWith(under)) continue;
      const rel = path.slice(under.length);
      paths.push(rel);
      if (dstMode !== '160000') this.blobs.set(rel, dstId); // a submodule's entry is a commit
    }
    return paths;
  }
}
