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

/** The staged version of each file (git's index), so a hook judges what will be committed. */
export class GitIndexSource implements FileSource {
  constructor(readonly root: string) {}
  read(path: string): Buffer {
    return execFileSync('git', ['show', `:${path}`], { cwd: this.root, maxBuffer: 64 * 1024 * 1024 });
  }
  /** Paths staged for commit (added, copied, modified, renamed), relative to the repository root. */
  static stagedPaths(root: string): string[] {
    const out = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], { cwd: root });
    return out.toString('utf8').split('\0').filter(Boolean);
  }
}
