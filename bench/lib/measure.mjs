// Run commands several times, interleaved so that every command of a group sees the same machine
// load, and keep the median wall time and the peak resident memory (GNU time's max RSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** One run: wall ms, max RSS in MB, exit code. `cmd` is argv; `sh` a shell line instead. */
export function runOnce({ cmd, sh, cwd, env, before }) {
  before?.();
  const argv = sh ? ['sh', '-c', sh] : cmd;
  const out = join(scratch, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%M', '-o', out, ...argv], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  const stderr = r.stderr?.toString() ?? '';
  return { ms, rssMb: rssKb / 1024, code: r.status, signal: r.signal, stderr };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Measure a group of commands: an optional warm-up each (not counted: fills the page cache), then
 * `runs` rounds of every command in turn. Every run must exit with one of the command's codes.
 * Returns per command the median wall ms, the spread (min–max) and the peak RSS.
 */
export function measureGroup(commands, runs, { warmup = true, log = () => {} } = {}) {
  const samples = new Map(commands.map((c) => [c.id, []]));
  const checked = (c) => {
    const r = runOnce(c);
    if (r.signal || !(c.okCodes ?? [0]).includes(r.code)) throw new Error(`${c.id}: exited ${r.signal ?? r.code}\n${r.stderr.split('\n').slice(-8).join('\n')}`);
    return r;
  };
  if (warmup) for (const c of commands) checked(c);
  for (let i = 0; i < runs; i++) {
    for (const c of commands) samples.get(c.id).push(checked(c));
    log(`  round ${i + 1}/${runs}`);
  }
  return Object.fromEntries(
    commands.map((c) => {
      const ms = samples.get(c.id).map((x) => x.ms);
      return [c.id, { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), rssMb: Math.max(...samples.get(c.id).map((x) => x.rssMb)), runs: ms.length }];
    }),
  );
}
