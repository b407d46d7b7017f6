// Interrupted generation: the built create-devops-stack is killed with SIGKILL at random points
// of its write phase, on a first run and on an update. Afterwards every planned file is absent,
// old or new — never truncated or mixed — and a re-run completes the job: the tree then equals
// an uninterrupted run, byte for byte and mode for mode. Scripts keep their executable bit and
// every file has LF line endings, under a restrictive umask too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CREATE_BIN, requireBuilt } from './harness.js';

requireBuilt();
const base = mkdtempSync(join(tmpdir(), 'cds-kill-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ANSWERS_A = ['--yes', '--no-git', '--name', 'svc', '--monitoring', 'prometheus', '--runtime', 'node'];
const ANSWERS_B = ['--yes', '--no-git', '--name', 'svc', '--monitoring', 'datadog', '--runtime', 'python', '--strategy', 'rolling'];

type Tree = Map<string, { content: Buffer; mode: number }>;

function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, p) : [p];
  });
}

function tree(dir: string): Tree {
  return new Map(walk(dir).map((p) => [p, { content: readFileSync(join(dir, p)), mode: statSync(join(dir, p)).mode & 0o777 }]));
}

function create(dir: string, args: string[], umask = '022') {
  return spawnSync('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, CREATE_BIN, dir, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' } });
}

/** Run the generator and SIGKILL it `delayMs` after the first file of the run appears. */
function createKilled(dir: string, args: string[], delayMs: number, marker: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CREATE_BIN, dir, ...args], { stdio: 'ignore', env: { ...process.env, CI: '' } });
    const started = performance.now();
    let killedAt = '';
    const poll = setInterval(() => {
      // The write phase has begun once the marker file (absent or different before) shows up.
      if (existsSync(join(dir, marker)) || performance.now() - started > 5000) {
        clearInterval(poll);
        setTimeout(() => {
          killedAt = `${Math.round(performance.now() - started)} ms`;
          child.kill('SIGKILL');
        }, delayMs);
      }
    }, 1);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve(signal === 'SIGKILL' ? `killed at ${killedAt}` : `finished first (exit ${code})`);
    });
  });
}

const refA = join(base, 'ref-a');
const refB = join(base, 'ref-b');
expect(create(refA, ANSWERS_A).status).toBe(0);
expect(create(refB, ANSWERS_B).status).toBe(0);
const A = tree(refA);
const B = tree(refB);
const isTemp = (p: string) => /\.\d+\.[0-9a-f]+\.tmp$/.test(p);
const MANIFEST = '.devops-stack/manifest.json';

/** Each file is one of the allowed versions (or absent); stray temp files are listed apart. */
function check(dir: string, allowed: Tree[]): { bad: string[]; temps: string[] } {
  const bad: string[] = [];
  const temps: string[] = [];
  for (const [p, f] of tree(dir)) {
    if (isTemp(p)) {
      temps.push(p);
      continue;
    }
    if (p === MANIFEST) {
      // Our record may list both runs' files (it is written before and after the writes): whole JSON is what counts.
      try {
        JSON.parse(f.content.toString('utf8'));
      } catch {
        bad.push(`${p}: not valid JSON`);
      }
      continue;
    }
    const versions = allowed.map((t) => t.get(p)).filter(Boolean);
    if (!versions.length) bad.push(`${p}: not planned by either run`);
    else if (!versions.some((v) => v!.content.equals(f.content))) bad.push(`${p}: neither old nor new (${f.content.length} bytes)`);
  }
  return { bad, temps };
}

function sameTree(dir: string, ref: Tree): string[] {
  const got = tree(dir);
  const out: string[] = [];
  for (const [p, f] of ref) {
    const g = got.get(p);
    if (!g) out.push(`${p}: missing`);
    else if (!g.content.equals(f.content)) out.push(`${p}: content differs`);
    else if (g.mode !== f.mode) out.push(`${p}: mode ${g.mode.toString(8)} instead of ${f.mode.toString(8)}`);
  }
  for (const p of got.keys()) if (!ref.has(p) && !isTemp(p)) out.push(`${p}: extra`);
  return out;
}

const DELAYS = [0, 1, 2, 4, 7, 12, 20, 35];

describe('SIGKILL during the first generation', () => {
  it.each(DELAYS)('killed %i ms into the write phase: no truncated file; a re-run completes', async (delay) => {
    const dir = join(base, `first-${delay}`);
    const what = await createKilled(dir, ANSWERS_A, delay, '.agency');
    const { bad, temps } = check(dir, [A]);
    expect(bad, what).toEqual([]);
    const rerun = create(dir, ANSWERS_A);
    expect(rerun.status, `${what}: ${rerun.stderr}`).toBe(0);
    expect(sameTree(dir, A), what).toEqual([]);
    if (temps.length) console.log(`${what}: ${temps.length} stray temp file(s) left by the kill (removed by the re-run), e.g. ${temps[0]}`);
    expect(walk(dir).filter(isTemp)).toEqual([]);
  });
});

describe('SIGKILL during an update (other answers)', () => {
  it.each(DELAYS)('killed %i ms into the update: each file old or new; a re-run completes', async (delay) => {
    const dir = join(base, `update-${delay}`);
    expect(create(dir, ANSWERS_A).status).toBe(0);
    const what = await createKilled(dir, ANSWERS_B, delay, 'monitoring/datadog');
    const { bad } = check(dir, [A, B]);
    expect(bad, what).toEqual([]);
    const rerun = create(dir, ANSWERS_B);
    expect(rerun.status, `${what}: ${rerun.stderr}`).toBe(0);
    // Files only the old answers planned may stay (the writer never deletes), and so may their
    // manifest entries; every file of the new answers is exact, and recorded with its hash.
    expect(sameTree(dir, B).filter((l) => !l.endsWith(': extra') && !l.startsWith(MANIFEST)), what).toEqual([]);
    const got = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')).files;
    for (const [p, e] of Object.entries(JSON.parse(B.get(MANIFEST)!.content.toString()).files as Record<string, { sha256: string }>)) expect(got[p]?.sha256, p).toBe(e.sha256);
  });
});

describe('executable bits and line endings', () => {
  it.each(['022', '077', '027'])('umask %s: scripts are executable by their owner, every file is LF', (umask) => {
    const dir = join(base, `umask-${umask}`);
    expect(create(dir, ANSWERS_A, umask).status).toBe(0);
    const t = tree(dir);
    // Every file the plan makes executable stays executable by its owner, whatever the umask.
    const executable = [...A].filter(([, f]) => f.mode & 0o100).map(([p]) => p);
    expect(executable.length).toBeGreaterThanOrEqual(3);
    for (const p of executable) expect(t.get(p)!.mode & 0o100, `${p} ${t.get(p)!.mode.toString(8)}`).toBe(0o100);
    // Scripts run directly (scripts/*.sh, not the sourced lib) are among them.
    for (const p of [...t.keys()].filter((x) => /^scripts\/[^/]+\.sh$/.test(x))) expect(executable, p).toContain(p);
    for (const [p, f] of t) expect(f.content.includes(0x0d), `${p} has a CR`).toBe(false);
  });
});
