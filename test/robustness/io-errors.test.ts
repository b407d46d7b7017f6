// Full disks and permission errors, injected into node:fs: the generator's writer and the audit's
// --fix writer report one line naming the file, never leave a truncated file or a temp file
// behind, leave the files they had not reached untouched, and a later run completes the job.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** The failure to inject: which fs function, which errno, after how many successful calls, on which paths. */
const inject = vi.hoisted(() => ({ current: undefined as undefined | { fn: string; code: string; after: number; path?: RegExp; short?: boolean } }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrap = (name: string) => (...args: unknown[]) => {
    const f = inject.current;
    if (f && f.fn === name && (!f.path || f.path.test(String(args[0]))) && f.after-- <= 0) {
      if (f.short && name === 'writeSync') {
        // A short write: the kernel wrote half, and says so only by the count (a disk filling up).
        const buf = args[1] as Buffer;
        const off = (args[2] as number | undefined) ?? 0;
        const len = (args[3] as number | undefined) ?? buf.length - off;
        return (fs.writeSync as (...a: unknown[]) => number)(args[0], buf, off, Math.max(1, Math.floor(len / 2)));
      }
      throw Object.assign(new Error(`${f.code}: simulated failure, ${name} '${String(args[0])}'`), { code: f.code, syscall: name });
    }
    return (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  };
  const names = ['writeFileSync', 'renameSync', 'mkdirSync', 'copyFileSync', 'writeSync', 'openSync', 'fsyncSync', 'chmodSync'];
  const wrapped = Object.fromEntries(names.map((n) => [n, wrap(n)]));
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } };
});

const { errorKind } = await import('../../src/cli/create-errors.js');
const { main } = await import('../../src/cli/create.js');
const { writeFileAtomic } = await import('../../src/fs-atomic.js');

const base = mkdtempSync(join(tmpdir(), 'cds-io-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(() => {
  inject.current = undefined;
});

async function create(dir: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  try {
    const code = await main([dir, '--yes', '--no-git', '--name', 'svc', ...extra], { stdout: (s) => (out += s), stderr: () => {}, cwd: base, interactive: false, env: {} });
    return { code, out, err: '' };
  } catch (e) {
    const { kind, code } = errorKind(e);
    return { code, out, err: `create-devops-stack: ${kind}: ${(e as Error).message.split('\n')[0]}` };
  }
}

function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, p) : [p];
  });
}

let REF: Map<string, Buffer>;
beforeAll(async () => {
  const ref = join(base, 'ref');
  expect((await create(ref)).code).toBe(0);
  REF = new Map(walk(ref).map((p) => [p, readFileSync(join(ref, p))]));
});

const CASES: Array<[string, { fn: string; code: string; after: number; path?: RegExp }, RegExp]> = [
  ['disk full on the 1st write (the manifest)', { fn: 'writeFileSync', code: 'ENOSPC', after: 0 }, /write error: cannot write \S+: no space left on device/],
  ['disk full on the 40th write', { fn: 'writeFileSync', code: 'ENOSPC', after: 40 }, /write error: cannot write \S+: no space left on device/],
  ['quota exceeded on a script', { fn: 'writeFileSync', code: 'EDQUOT', after: 0, path: /scripts\/\.deploy\.sh/ }, /cannot write scripts\/deploy\.sh: disk quota exceeded/],
  ['permission denied renaming into place', { fn: 'renameSync', code: 'EACCES', after: 10 }, /write error: cannot write \S+: permission denied/],
  ['permission denied creating a directory', { fn: 'mkdirSync', code: 'EACCES', after: 3 }, /write error: cannot write \S+: permission denied/],
  ['read-only file system', { fn: 'writeFileSync', code: 'EROFS', after: 5 }, /read-only file system/],
];

describe('generator: injected I/O failures', () => {
  it.each(CASES)('%s: one line, exit 2, nothing truncated, a re-run completes', async (_label, failure, message) => {
    const dir = join(base, `gen-${_label.replace(/\W+/g, '-')}`);
    inject.current = { ...failure };
    const r = await create(dir);
    inject.current = undefined;
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toContain('\n');
    // Every file present is whole (equal to a clean run's), and no temp file is left.
    let files: string[] = [];
    try {
      files = walk(dir);
    } catch {
      /* nothing created */
    }
    for (const p of files) {
      expect(p, 'temp file left').not.toMatch(/\.tmp$/);
      if (p !== '.devops-stack/manifest.json') expect(readFileSync(join(dir, p)).equals(REF.get(p)!), `${p} truncated or wrong`).toBe(true);
    }
    const again = await create(dir);
    expect(again.code, again.err).toBe(0);
    for (const [p, bytes] of REF) expect(readFileSync(join(dir, p)).equals(bytes), p).toBe(true);
  });

  it('--force with a full disk while backing up: nothing is overwritten', async () => {
    const dir = join(base, 'gen-backup');
    expect((await create(dir)).code).toBe(0);
    writeFileSync(join(dir, 'README.md'), 'my own notes\n');
    inject.current = { fn: 'copyFileSync', code: 'ENOSPC', after: 0 };
    const r = await create(dir, ['--force']);
    inject.current = undefined;
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/write error: cannot back up README\.md: no space left on device/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my own notes\n');
  });
});

describe('real permission errors (only when not root: root ignores modes)', () => {
  it.skipIf(process.getuid?.() === 0)('a read-only target directory: one line, exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(base, 'ro-'));
    chmodSync(dir, 0o555);
    try {
      const r = await create(dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/write error: cannot write \S+: permission denied/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('audit --fix writer (fs-atomic): injected failures', () => {
  const file = () => {
    const p = join(mkdtempSync(join(base, 'fix-')), 'Dockerfile');
    writeFileSync(p, 'FROM alpine:3.20\nADD a /a\n', { mode: 0o640 });
    return p;
  };
  const temps = (p: string) => readdirSync(join(p, '..')).filter((e) => e.endsWith('.tmp'));

  it.each([
    ['ENOSPC on write', { fn: 'writeSync', code: 'ENOSPC', after: 0 }],
    ['EIO on fsync', { fn: 'fsyncSync', code: 'EIO', after: 0 }],
    ['EACCES on rename', { fn: 'renameSync', code: 'EACCES', after: 0 }],
    ['EPERM on chmod', { fn: 'chmodSync', code: 'EPERM', after: 0 }],
  ])('%s: throws, the original is intact, no temp file', (_l, failure) => {
    const p = file();
    inject.current = { ...failure };
    expect(() => writeFileAtomic(p, 'FROM alpine:3.20\nCOPY a /a\n')).toThrow();
    inject.current = undefined;
    expect(readFileSync(p, 'utf8')).toBe('FROM alpine:3.20\nADD a /a\n');
    expect(temps(p)).toEqual([]);
  });

  it('a short write (disk filling up) never lands a truncated file', () => {
    const p = file();
    const text = `FROM alpine:3.20\n${'RUN true\n'.repeat(1000)}`;
    inject.current = { fn: 'writeSync', code: '', after: 0, short: true } as never;
    let threw = false;
    try {
      writeFileAtomic(p, text);
    } catch {
      threw = true;
    }
    inject.current = undefined;
    const now = readFileSync(p, 'utf8');
    expect(now === text || (threw && now === 'FROM alpine:3.20\nADD a /a\n'), `${now.length} of ${text.length} chars`).toBe(true);
    expect(temps(p)).toEqual([]);
  });

  it('keeps the mode of the file it replaces', () => {
    const p = file();
    writeFileAtomic(p, 'FROM alpine:3.20\nCOPY a /a\n');
    expect(statSync(p).mode & 0o777).toBe(0o640);
  });
});
