// Walk a directory the way git sees it: .gitignore-aware, no symlinks followed, no vendored or
// generated folders, no binaries. Problems are returned as one-line warnings, never thrown.
import { lstatSync, readdirSync, readFileSync, openSync, readSync, closeSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders never worth auditing: dependencies, build output, tool caches. */
export const SKIPPED_DIRS = new Set([
  '.git', 'node_modules', 'vendor', 'dist', 'build', 'out', 'target', 'coverage', '.terraform',
  '.venv', 'venv', '__pycache__', '.tox', '.next', '.nuxt', '.cache', '.gradle', '.idea', 'bower_components',
  '.pytest_cache', '.mypy_cache', '.turbo', '.yarn',
]);

/** Above this size a file is listed (and warned about) but not parsed. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface DiscoveredFile {
  path: string; // relative, forward slashes
  size: number;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  warnings: string[];
}

export interface DiscoverOptions {
  /** Extra ignore patterns (gitignore syntax), e.g. from the config. */
  ignore?: string[];
  /** Stop after this many files (defence against pathological trees). */
  maxFiles?: number;
}

export function discover(root: string, opts: DiscoverOptions = {}): DiscoverResult {
  const files: DiscoveredFile[] = [];
  const warnings: string[] = [];
  const extra = ignore().add(opts.ignore ?? []);
  const maxFiles = opts.maxFiles ?? 200_000;

  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    /* reported by the walk */
  }
  type Scope = { prefix: string; ig: Ignore };
  const walk = (rel: string, scopes: Scope[]) => {
    const abs = rel ? join(root, rel) : root;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      warnings.push(`${rel || '.'}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    let here = scopes;
    if (entries.some((d) => d.name === '.gitignore' && d.isFile())) {
      try {
        const ig = ignore().add(readFileSync(join(abs, '.gitignore'), 'utf8'));
        here = [...scopes, { prefix: rel ? `${rel}/` : '', ig }];
      } catch {
        warnings.push(`${rel ? `${rel}/` : ''}.gitignore: unreadable, ignored`);
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of entries) {
      if (files.length >= maxFiles) {
        warnings.push(`stopped after ${maxFiles} files; audit a subdirectory or add ignores`);
        return;
      }
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) {
        // Never followed: loops and escapes are impossible. A link to a file inside the root is
        // audited under its real path; one that loops, dangles or leaves the root is said.
        const why = brokenOrEscaping(realRoot, join(root, path));
        if (why && !isIgnored(path, false, here) && !extra.ignores(path)) warnings.push(`${path}: symbolic link ${why}; not followed`);
        continue;
      }
      const isDir = d.isDirectory();
      if (isDir && SKIPPED_DIRS.has(d.name)) continue;
      if (isIgnored(path, isDir, here) || extra.ignores(isDir ? `${path}/` : path)) continue;
      if (isDir) walk(path, here);
      else if (d.isFile()) {
        let size = 0;
        try {
          size = lstatSync(join(root, path)).size;
        } catch {
          warnings.push(`${path}: cannot stat`);
          continue;
        }
        files.push({ path, size });
      } else warnings.push(`${path}: not a regular file (FIFO, socket or device); not read`);
    }
  };
  walk('', []);
  return { files, warnings };
}

/** Why a symlink deserves a warning: it loops, dangles or points outside the root; else undefined. */
function brokenOrEscaping(realRoot: string, abs: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'loops' : 'dangles';
  }
  let up = '..';
  try {
    up = relative(real, realpathSync(dirname(abs)));
  } catch {
    /* parent unreadable */
  }
  if (up === '' || (!up.startsWith('..') && !isAbsolute(up))) return 'loops (it points to a directory that contains it)';
  const rel = relative(realRoot, real);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? 'points outside the audited directory' : undefined;
}

function isIgnored(path: string, isDir: boolean, scopes: { prefix: string; ig: Ignore }[]): boolean {
  for (const s of scopes) {
    if (!path.startsWith(s.prefix)) continue;
    const sub = path.slice(s.prefix.length);
    if (!sub) continue;
    if (s.ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

/** True when the first 8 KB contain a NUL byte (and no UTF-16 BOM): the file is binary. */
export function looksBinary(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Read the head of a file without reading it all. */
export function readHead(absPath: string, bytes = 4096): Buffer {
  const fd = openSync(absPath, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
