// Reading a blob straight from git's object store, without a git process: after `git add`, the
// staged content of each file is a loose object (.git/objects/ab/cdef…, zlib-deflated
// `blob <size>\0<bytes>`). A process costs ≈ 10 ms to start on the machines the bench runs on, a
// tenth of a pre-commit run; node:zlib ≈ 3 ms to load. Anything else (packed objects, alternates,
// linked worktrees, GIT_* variables steering where objects live) is left to `git cat-file`.
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The object directory git uses for the work tree at `top`, when nothing but `top/.git` decides it. */
export function looseObjectsDir(top: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (['GIT_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_ALTERNATE_OBJECT_DIRECTORIES'].some((k) => env[k])) return undefined;
  const dir = join(top, '.git');
  try {
    return statSync(dir).isDirectory() ? join(dir, 'objects') : undefined; // a file: a linked worktree or a submodule
  } catch {
    return undefined;
  }
}

/** The blob `id` (hex: SHA-1 or SHA-256) as a loose object under `objects`, or undefined. */
export function readLooseBlob(objects: string, id: string): Buffer | undefined {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(id)) return undefined;
  let raw: Buffer;
  try {
    raw = (require('node:zlib') as typeof import('node:zlib')).inflateSync(readFileSync(join(objects, id.slice(0, 2), id.slice(2))));
  } catch {
    return undefined; // not loose (packed), or unreadable
  }
  const nul = raw.indexOf(0);
  const header = /^blob (\d+)$/.exec(raw.subarray(0, nul).toString('latin1'));
  if (nul < 0 || !header || Number(header[1]) !== raw.length - nul - 1) return undefined;
  return raw.subarray(nul + 1);
}
