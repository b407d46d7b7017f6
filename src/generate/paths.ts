// Every path we write is checked twice: as a string (no `..`, no absolute path, no odd
// characters) and on disk (no symlink along the way that resolves outside the target).
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafePathError extends Error {}

/** Characters a generated path may contain: portable file names, nothing a shell or Windows would mangle. */
const SAFE_SEGMENT = /^[A-Za-z0-9._@+-]+$/;
const MAX_PATH = 240;

/** Show a value in an error message without letting control or look-alike characters hide. */
export function printable(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clipped = s.length > 60 ? `${s.slice(0, 60)}...(${s.length} chars)` : s;
  return JSON.stringify(clipped).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Throws unless `p` is a relative, forward-slash path that stays inside its root. */
export function assertSafeRelativePath(p: string): void {
  const fail = (why: string) => {
    throw new UnsafePathError(`refusing to write ${printable(p)}: ${why}`);
  };
  if (typeof p !== 'string' || p.length === 0) fail('empty path');
  if (p.length > MAX_PATH) fail(`longer than ${MAX_PATH} characters`);
  if (p.includes('\0')) fail('contains a NUL byte');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) fail('absolute or home-relative path');
  if (p.includes('\\')) fail('contains a backslash');
  for (const seg of p.split('/')) {
    if (seg === '' || /^\.+$/.test(seg)) fail('empty, "." or ".." path segment (or only dots)');
    if (!SAFE_SEGMENT.test(seg)) fail(`segment ${printable(seg)} has characters outside [A-Za-z0-9._@+-]`);
  }
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Throws if writing `rel` under `realRoot` (already a real path) would follow a symlink that
 * leads outside it: checks every existing component from the root down to the file itself.
 */
export function assertInsideOnDisk(realRoot: string, rel: string): void {
  let current = realRoot;
  for (const seg of rel.split('/')) {
    current = join(current, seg);
    let st;
    try {
      // Not found is the usual answer for a new file: returned, not thrown (a thrown error costs more than the stat).
      st = lstatSync(current, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st) return; // the rest does not exist yet: mkdir/rename will create it under `current`'s parent
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(current);
      } catch {
        throw new UnsafePathError(`refusing to write ${rel}: ${relative(realRoot, current)} is a dangling symlink`);
      }
      if (!inside(realRoot, real)) throw new UnsafePathError(`refusing to write ${rel}: ${relative(realRoot, current)} is a symlink pointing outside the target (${real})`);
      current = real;
    }
  }
}

/** The real path of the target directory, or of its deepest existing ancestor joined with the rest. */
export function realTarget(target: string): string {
  const abs = resolve(target);
  let base = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(base), ...rest.reverse());
    } catch {
      const parent = dirname(base);
      if (parent === base) return abs;
      rest.push(base.slice(parent.length).replace(/^[\\/]/, ''));
      base = parent;
    }
  }
}
