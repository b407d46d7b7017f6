// Golden snapshot of the default stack: the file list and every file's content, one snapshot file
// per generated file (test/generate/__snapshots__/default-stack/), so a template change shows up
// as a reviewable diff. Update with: npx vitest run test/generate/golden.test.ts -u
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultAnswers } from '../../src/generate/answers.js';
import { renderStack, type RenderedFile } from '../../src/generate/stack.js';

const SNAPSHOTS = './__snapshots__/default-stack';
let files: RenderedFile[] = [];

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z')); // templates print the year
  files = await renderStack(defaultAnswers());
});
afterAll(() => {
  vi.useRealTimers();
});

describe('default stack (golden)', () => {
  it('writes this list of files', async () => {
    const list = files.map((f) => `${f.mode ? f.mode.toString(8) : '644'} ${f.path}`).join('\n');
    await expect(`${list}\n`).toMatchFileSnapshot(`${SNAPSHOTS}/FILES.txt`);
  });

  it('writes these contents', async () => {
    // `.snap` keeps snapshot workflows, Dockerfiles and scripts from being picked up as real ones.
    for (const f of files) await expect(f.content).toMatchFileSnapshot(`${SNAPSHOTS}/${f.path}.snap`);
  });

  it('keeps no snapshot of a file the stack no longer writes', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), SNAPSHOTS);
    const walk = (d: string, base = ''): string[] =>
      existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name), `${base}${e.name}/`) : [`${base}${e.name}`])) : [];
    const expected = new Set(['FILES.txt', ...files.map((f) => `${f.path}.snap`)]);
    const stale = walk(dir).filter((p) => !expected.has(p));
    // With -u / --update, obsolete snapshots are removed instead of reported.
    const updating = (expect.getState().snapshotState as unknown as { _updateSnapshot?: string })._updateSnapshot === 'all';
    if (updating) for (const p of stale) rmSync(join(dir, p));
    else expect(stale, 'obsolete snapshots: run with -u to remove them').toEqual([]);
  });
});
