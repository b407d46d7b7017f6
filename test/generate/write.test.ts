import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import handoffPart from '../../generators/parts/handoff.js';
import { defaultAnswers } from '../../src/generate/answers.js';
import { readManifest, sha256 } from '../../src/generate/manifest.js';
import type { PlannedFile } from '../../src/generate/plan.js';
import { MANIFEST_PATH, prepare, type PreparedStack } from '../../src/generate/stack.js';
import { templateData } from '../../src/generate/template-data.js';
import { ConflictError, ioError, writeStack, type WriteOptions } from '../../src/generate/write.js';

const data = templateData(defaultAnswers({ name: 'demo' }));
const FC = '.agency/handoff/devops-foundation/devops-automator/files-changed.json';

function stack(extra: PlannedFile[] = [], version = 1): PreparedStack {
  return prepare(data, [
    { path: 'README.md', content: `# demo v${version}\n` },
    { path: 'scripts/deploy.sh', content: '#!/bin/sh\necho deploy\n', mode: 0o755 },
    { path: '.devops-stack/answers.json', content: '{}\n' },
    ...handoffPart(data),
    ...extra,
  ]);
}

function fresh(): string {
  return join(mkdtempSync(join(tmpdir(), 'cds-write-')), 'repo');
}

const run = (dir: string, s = stack(), o: WriteOptions = {}) => writeStack(dir, s, { now: new Date('2026-01-02T03:04:05Z'), ...o });
const count = (r: ReturnType<typeof run>, a: string) => r.changes.filter((c) => c.action === a).length;

function walk(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

describe('writeStack', () => {
  it('creates every file, with modes, and a manifest of hashes', () => {
    const dir = fresh();
    const r = run(dir);
    expect(count(r, 'create')).toBe(r.changes.length);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# demo v1\n');
    expect(statSync(join(dir, 'scripts/deploy.sh')).mode & 0o777).toBe(0o755);
    const m = readManifest(dir)!;
    expect(m.files['README.md'].sha256).toBe(sha256('# demo v1\n'));
    expect(m.files['README.md'].origin).toBe('created');
  });

  it('files-changed.json lists exactly the files on disk', () => {
    const dir = fresh();
    run(dir);
    const listed = JSON.parse(readFileSync(join(dir, FC), 'utf8')) as { created: string[]; modified: string[] };
    expect([...listed.created, ...listed.modified].sort()).toEqual(walk(dir).sort());
    expect(listed.created).toContain(MANIFEST_PATH);
  });

  it('is idempotent: a second run changes nothing and leaves no temp file', () => {
    const dir = fresh();
    run(dir);
    const before = readFileSync(join(dir, MANIFEST_PATH), 'utf8');
    const r = run(dir);
    expect(count(r, 'unchanged')).toBe(r.changes.length);
    expect(readFileSync(join(dir, MANIFEST_PATH), 'utf8')).toBe(before);
    expect(walk(dir).filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });

  it('updates its own unchanged files when the answers change', () => {
    const dir = fresh();
    run(dir);
    const r = run(dir, stack([], 2));
    expect(r.changes.find((c) => c.path === 'README.md')!.action).toBe('update');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# demo v2\n');
  });

  it('refuses to overwrite a file the user changed, writing nothing', () => {
    const dir = fresh();
    run(dir);
    writeFileSync(join(dir, 'README.md'), 'mine\n');
    expect(() => run(dir, stack([], 2))).toThrow(ConflictError);
    expect(() => run(dir, stack([], 2))).toThrow(/README\.md.*--merge.*--force/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine\n');
  });

  it('--merge keeps the user file, leaves it out of files-changed.json, and keeps its manifest entry', () => {
    const dir = fresh();
    run(dir);
    const oldHash = readManifest(dir)!.files['README.md'].sha256;
    writeFileSync(join(dir, 'README.md'), 'mine\n');
    const r = run(dir, stack([], 2), { merge: true });
    expect(r.changes.find((c) => c.path === 'README.md')!.action).toBe('skip');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(JSON.parse(readFileSync(join(dir, FC), 'utf8')).created).not.toContain('README.md');
    expect(readManifest(dir)!.files['README.md'].sha256).toBe(oldHash);
  });

  it('--force overwrites with a backup and records the file as modified when it was not ours', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README.md'), 'pre-existing\n');
    const r = run(dir, stack(), { force: true });
    expect(r.backupDir).toBe('.devops-stack/backup/2026-01-02T03-04-05-000Z');
    expect(readFileSync(join(dir, r.backupDir!, 'README.md'), 'utf8')).toBe('pre-existing\n');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# demo v1\n');
    expect(JSON.parse(readFileSync(join(dir, FC), 'utf8')).modified).toEqual(['README.md']);
    expect(readManifest(dir)!.files['README.md'].origin).toBe('modified');
  });

  it('--dry-run decides everything and writes nothing', () => {
    const dir = fresh();
    const r = run(dir, stack(), { dryRun: true });
    expect(count(r, 'create')).toBe(r.changes.length);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a symlink that leads outside the target', () => {
    const dir = fresh();
    const outside = mkdtempSync(join(tmpdir(), 'cds-out-'));
    mkdirSync(dir, { recursive: true });
    symlinkSync(outside, join(dir, 'scripts'));
    expect(() => run(dir)).toThrow(/symlink pointing outside/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a planned path that escapes, before writing anything', () => {
    const dir = fresh();
    expect(() => run(dir, stack([{ path: '../evil', content: 'x' }]))).toThrow(/refusing to write "\.\.\/evil"/);
    expect(existsSync(dir)).toBe(false);
  });

  it('reports I/O failures as one line', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'scripts'), 'a file where a directory belongs');
    expect(() => run(dir, stack(), { force: true })).toThrow(/^cannot write scripts\/deploy\.sh: a parent is not a directory$/);
    for (const [code, text] of [['EACCES', 'permission denied'], ['ENOSPC', 'no space left on device'], ['EROFS', 'read-only file system']]) {
      expect(ioError('cannot write x', Object.assign(new Error('long\nstack'), { code })).message).toBe(`cannot write x: ${text}`);
    }
  });

  it('a read-only directory fails with permission denied (unless running as root)', () => {
    if (process.getuid?.() === 0) return; // root ignores file modes
    const dir = fresh();
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    chmodSync(join(dir, 'scripts'), 0o555);
    expect(() => run(dir)).toThrow(/scripts\/deploy\.sh: permission denied/);
  });

  it('writes only the selected paths but derives from the whole plan', () => {
    const dir = fresh();
    const r = run(dir, stack(), { only: (p) => p === FC });
    expect(r.changes.map((c) => c.path)).toEqual([FC]);
    const listed = JSON.parse(readFileSync(join(dir, FC), 'utf8')).created as string[];
    expect(listed).toContain(FC);
    expect(listed).not.toContain('README.md'); // not ours yet: not written by this or an earlier run
  });
});

describe('writeStack with a merge hook (additions to a file the user changed)', () => {
  const LIST = 'list.txt';
  // Appends the lines it is missing; refuses a file with "!" in it.
  const hook = (want: string[]) => (current: string) =>
    current.includes('!') ? { error: 'unreadable' } : { content: current + want.filter((w) => !current.split('\n').includes(w)).map((w) => `${w}\n`).join(''), note: want.join(', ') };
  const withList = (content: string, want: string[]) => stack([{ path: LIST, content, merge: hook(want) }]);

  it('a file still ours is written from the plan; the hook is not consulted', () => {
    const dir = fresh();
    run(dir, withList('a\n', ['a']));
    const r = run(dir, withList('a\nb\n', ['a', 'b']));
    expect(r.changes.find((c) => c.path === LIST)).toMatchObject({ action: 'update' });
    expect(readManifest(dir)!.files[LIST].sha256).toBe(sha256('a\nb\n'));
  });

  it('a file you changed gets only the additions, stays yours (unrecorded), and is then unchanged', () => {
    const dir = fresh();
    run(dir, withList('a\n', ['a']));
    writeFileSync(join(dir, LIST), 'a\nmine\n');
    const r = run(dir, withList('a\nb\n', ['a', 'b']));
    expect(r.changes.find((c) => c.path === LIST)).toMatchObject({ action: 'update', theirs: true });
    expect(readFileSync(join(dir, LIST), 'utf8')).toBe('a\nmine\nb\n');
    expect(readManifest(dir)!.files[LIST].sha256).toBe(sha256('a\n'));
    expect(r.final.map((f) => f.path)).not.toContain(LIST);
    expect(run(dir, withList('a\nb\n', ['a', 'b'])).changes.find((c) => c.path === LIST)).toMatchObject({ action: 'unchanged', theirs: true });
    // Without the hook it is a conflict as ever: the file is still yours.
    expect(() => run(dir, stack([{ path: LIST, content: 'a\nb\n' }]))).toThrow(ConflictError);
  });

  it('--merge never touches it; a hook that cannot merge leaves the usual conflict, --force its overwrite', () => {
    const dir = fresh();
    run(dir, withList('a\n', ['a']));
    writeFileSync(join(dir, LIST), 'a\nmine\n');
    const kept = run(dir, withList('a\nb\n', ['a', 'b']), { merge: true });
    expect(kept.changes.find((c) => c.path === LIST)).toMatchObject({ action: 'skip', reason: 'changed since it was generated; add by hand: a, b' });
    expect(readFileSync(join(dir, LIST), 'utf8')).toBe('a\nmine\n');
    writeFileSync(join(dir, LIST), 'a\nmine!\n');
    expect(() => run(dir, withList('a\nb\n', ['a', 'b']))).toThrow(/list\.txt/);
    const forced = run(dir, withList('a\nb\n', ['a', 'b']), { force: true });
    expect(forced.changes.find((c) => c.path === LIST)).toMatchObject({ action: 'overwrite' });
    expect(readFileSync(join(dir, LIST), 'utf8')).toBe('a\nb\n');
  });
});
