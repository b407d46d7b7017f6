// Where file contents come from: the disk, memory (tests, examples), or git's index (--staged).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
  constructor(
    readonly top: string,
    readonly prefix = '',
    readonly env?: NodeJS.ProcessEnv,
  ) {}
  read(path: string): Buffer {
    // `:<path>` names the index entry, a path from the top level.
    return execFileSync('git', ['show', `:${this.prefix ? `${this.prefix}/` : ''}${path}`], { cwd: this.top, env: this.env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  /**
   * Paths staged for commit (added, copied, modified, renamed) under `prefix`, relative to it.
   * Run at the top level, where git names them from the top whatever `diff.relative` says.
   */
  static stagedPaths(top: string, prefix = '', env?: NodeJS.ProcessEnv): string[] {
    const out = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], { cwd: top, env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    const all = out.toString('utf8').split('\0').filter(Boolean);
    if (!prefix) return all;
    const under = `${prefix}/`;
    return all.filter((p) => p.startsWith(under)).map((p) => p.slice(under.length));
  }
}
