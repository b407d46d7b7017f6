// Existing files: whatever a user does to a generated stack (edits text or binary, CRLF, empties,
// deletes, chmods), a re-run never overwrites a changed file without --force and writes nothing
// at all when it refuses; with --force every changed file is backed up byte for byte before it
// is replaced, and scripts keep their executable bit.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { errorKind } from '../../src/cli/create-errors.js';
import { main } from '../../src/cli/create.js';
import { RUNS } from './harness.js';

const base = mkdtempSync(join(tmpdir(), 'cds-existing-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const ARGS = ['--yes', '--no-git', '--name', 'svc'];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  try {
    const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: base, interactive: false, env: {} });
    return { code, out, err };
  } catch (e) {
    const { kind, code } = errorKind(e);
    return { code, out, err: `${err}create-devops-stack: ${kind}: ${(e as Error).message.split('\n')[0]}\n` };
  }
}

function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, p) : [p];
  });
}
const snapshot = (dir: string) => new Map(walk(dir).map((p) => [p, { bytes: readFileSync(join(dir, p)), mode: statSync(join(dir, p)).mode & 0o777 }]));

const reference = join(base, 'reference');
expect((await run([reference, ...ARGS])).code).toBe(0);
const REF = snapshot(reference);
const PLANNED = [...REF.keys()].filter((p) => !p.startsWith('.devops-stack/'));

type Edit = { kind: 'text' | 'binary' | 'crlf' | 'empty' | 'append' | 'delete' | 'chmod'; text: string };
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('text', 'binary', 'crlf', 'empty', 'append', 'delete', 'chmod'),
  text: fc.string({ minLength: 1, maxLength: 40 }),
});

function apply(dir: string, path: string, e: Edit): boolean {
  const abs = join(dir, path);
  const before = readFileSync(abs);
  switch (e.kind) {
    case 'text': writeFileSync(abs, `${e.text}\n`); break;
    case 'binary': writeFileSync(abs, Buffer.from([0, 1, 2, 255, ...Buffer.from(e.text)])); break;
    case 'crlf': writeFileSync(abs, before.toString('utf8').replace(/\n/g, '\r\n')); break;
    case 'empty': writeFileSync(abs, ''); break;
    case 'append': writeFileSync(abs, Buffer.concat([before, Buffer.from(e.text)])); break;
    case 'delete': unlinkSync(abs); return false;
    case 'chmod': chmodSync(abs, 0o600); return false; // same content: not a change of content
  }
  return !readFileSync(abs).equals(before);
}

describe('a re-run after the user changed files', () => {
  let n = 0;
  it('refuses without --force and writes nothing; --force backs up every change and restores the stack', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat({ max: PLANNED.length - 1 }), { minLength: 1, maxLength: 6 }), fc.array(editArb, { minLength: 6, maxLength: 6 }), async (picks, edits) => {
        const dir = join(base, `case-${n++}`);
        cpSync(reference, dir, { recursive: true });
        const changed = new Map<string, Buffer>();
        picks.forEach((i, k) => {
          const p = PLANNED[i];
          if (apply(dir, p, edits[k])) changed.set(p, readFileSync(join(dir, p)));
        });
        const before = snapshot(dir);

        const refused = await run([dir, ...ARGS]);
        if (changed.size) {
          expect(refused.code, refused.err).toBe(1);
          expect(refused.err.trim().split('\n')).toHaveLength(1);
          expect(refused.err).toMatch(/refused: \d+ file\(s\) would overwrite changes you made/);
          expect(refused.out).toBe('');
          const after = snapshot(dir);
          expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
          for (const [p, f] of before) expect(after.get(p)!.bytes.equals(f.bytes), `${p} was touched`).toBe(true);
        } else expect(refused.code, refused.err).toBe(0); // only deletions or chmods: recreated, nothing to refuse

        const forced = await run([dir, ...ARGS, '--force']);
        expect(forced.code, forced.err).toBe(0);
        for (const p of PLANNED) expect(readFileSync(join(dir, p)).equals(REF.get(p)!.bytes), `${p} restored`).toBe(true);
        for (const [p, f] of REF) if (f.mode & 0o100 && !picks.some((i, k) => PLANNED[i] === p && edits[k].kind === 'chmod')) expect(statSync(join(dir, p)).mode & 0o100, `${p} executable`).toBe(0o100);
        if (changed.size) {
          const m = /backed up overwritten files to (.+)\/\n/.exec(forced.out);
          expect(m, forced.out).not.toBeNull();
          const backup = join(base, m![1]);
          for (const [p, bytes] of changed) expect(readFileSync(join(backup, p)).equals(bytes), `backup of ${p}`).toBe(true);
        }
      }),
      { numRuns: Math.max(4, Math.round(RUNS / 2)) },
    );
  });

  it('a directory or a symlink where a file was: refused even with --force, nothing written', async () => {
    const dir = join(base, 'special');
    cpSync(reference, dir, { recursive: true });
    unlinkSync(join(dir, 'README.md'));
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    cpSync(join(dir, 'scripts'), join(dir, 'README.md'), { recursive: true });
    const before = snapshot(dir);
    for (const extra of [[], ['--force']]) {
      const r = await run([dir, ...ARGS, ...extra]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/README\.md/);
      expect(snapshot(dir).size).toBe(before.size);
    }
  });
});
