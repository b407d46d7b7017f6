// External tools the tests run generated output through. Under CI (CI=true) a missing tool is a
// failure, never a skip; locally the test is skipped with a note.
import { execFileSync, spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    cache.set(name, ok);
  }
  return ok;
}

/**
 * Returns true when the tool can be used. Throws under CI when it is missing, so the suite fails.
 * Use as: `it.skipIf(!tool('shellcheck'))(…)` — the throw happens at collection time under CI.
 */
export function tool(name: string): boolean {
  if (hasTool(name)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${name} is required under CI but is not installed (see .ci/run)`);
  }
  return false;
}

/** Run a tool; returns { status, output } with stdout and stderr combined. */
export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): { status: number; output: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, env: { ...process.env, ...(opts.env ?? {}) }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export { execFileSync };
