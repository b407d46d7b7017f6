// Staged blobs read from git's object store without a process (src/repo/git-objects.ts): the same
// bytes as `git cat-file blob`, and undefined (so git is asked) whenever it cannot be sure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { looseObjectsDir, readLooseBlob } from '../../src/repo/git-objects.js';

function repo(): { dir: string; git: (...a: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'git-objects-'));
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  return { dir, git };
}

describe('loose git objects', () => {
  it('reads a staged blob byte for byte (binary, CRLF, empty, non-ASCII)', () => {
    const { dir, git } = repo();
    const files: Record<string, Buffer> = {
      bin: Buffer.from([0, 1, 2, 255, 0, 10, 13]),
      crlf: Buffer.from('a\r\nb\r\n'),
      empty: Buffer.alloc(0),
      text: Buffer.from('héllo wörld ✓\n'),
    };
    for (const [f, b] of Object.entries(files)) writeFileSync(join(dir, f), b);
    git('add', '-A');
    const objects = looseObjectsDir(dir, {})!;
    expect(objects).toBe(join(dir, '.git', 'objects'));
    for (const [f, b] of Object.entries(files)) expect(readLooseBlob(objects, git('rev-parse', `:${f}`))).toEqual(b);
  });

  it('gives undefined for a packed blob, a bad id, or an object that is not a blob or is damaged', () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'f'), 'content\n');
    git('add', 'f');
    const id = git('rev-parse', ':f');
    const objects = looseObjectsDir(dir, {})!;
    expect(readLooseBlob(objects, id.toUpperCase())).toBeUndefined();
    expect(readLooseBlob(objects, '../../etc/passwd')).toBeUndefined();
    // A tree object, and a blob whose header lies about its size.
    const tree = git('write-tree');
    expect(readLooseBlob(objects, tree)).toBeUndefined();
    const fake = 'ab'.repeat(20);
    mkdirSync(join(objects, 'ab'), { recursive: true });
    writeFileSync(join(objects, 'ab', fake.slice(2)), deflateSync(Buffer.from('blob 99\0short')));
    expect(readLooseBlob(objects, fake)).toBeUndefined();
    writeFileSync(join(objects, 'ab', fake.slice(2)), Buffer.from('not zlib'));
    expect(readLooseBlob(objects, fake)).toBeUndefined();
    git('repack', '-a', '-d', '-q');
    git('prune-packed');
    expect(readLooseBlob(objects, id)).toBeUndefined();
    expect(git('cat-file', 'blob', id)).toBe('content');
  });

  it('leaves to git a repository whose objects live elsewhere (GIT_* variables, a linked worktree)', () => {
    const { dir, git } = repo();
    for (const k of ['GIT_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_ALTERNATE_OBJECT_DIRECTORIES']) expect(looseObjectsDir(dir, { [k]: '/x' })).toBeUndefined();
    writeFileSync(join(dir, 'f'), 'x\n');
    git('add', 'f');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'i'], { cwd: dir });
    const wt = join(mkdtempSync(join(tmpdir(), 'git-wt-')), 'wt');
    git('worktree', 'add', '-q', wt);
    expect(looseObjectsDir(wt, {})).toBeUndefined(); // .git is a file there
    expect(looseObjectsDir(join(dir, 'nowhere'), {})).toBeUndefined();
  });
});
