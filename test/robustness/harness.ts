// Shared pieces of the robustness suites: every rule loaded once, an in-memory audit that
// returns the internal errors, a bounded number of property runs, and the built CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import type { AuditReport, Rule } from '../../src/audit/types.js';

/** Property runs per property: modest by default (CI has 2 cores), more with ROBUSTNESS_RUNS. */
export const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 12);

let rules: Promise<Rule[]> | undefined;
export const allRules = () => (rules ??= loadRules());

/** Audit an in-memory repository with every rule. */
export async function auditMemory(memory: Record<string, string>, only?: Rule[]): Promise<AuditReport> {
  const { report } = await runAudit({ root: '.', memory, config: defaultConfig(), rules: only ?? (await allRules()) });
  return report;
}

/** `rule: message` for every core/internal-error of an in-memory audit (empty when none threw). */
export async function internalErrors(memory: Record<string, string>): Promise<string[]> {
  const r = await auditMemory(memory);
  return r.findings.filter((f) => f.ruleId === 'core/internal-error').map((f) => `${f.file}: ${f.message}`);
}

export const AUDIT_BIN = resolve('dist/bin/devops-audit.js');
export const CREATE_BIN = resolve('dist/bin/create-devops-stack.js');

/** The built CLIs are needed by the end-to-end cases (npm test builds them first). */
export function requireBuilt(): void {
  if (!existsSync(AUDIT_BIN) || !existsSync(CREATE_BIN)) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` first');
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the child in MB (only when measured). */
  rssMb?: number;
}

/** Preloaded into a measured child: prints its peak RSS on a last stderr line at exit. */
const MEASURE = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss:'+process.resourceUsage().maxRSS+'\\n'))`;

/** Run a built CLI with a time limit and a heap cap; returns what it printed and how long it took. */
export function cli(
  bin: string,
  args: string[],
  cwd: string,
  opts: { timeoutMs?: number; heapMb?: number; env?: NodeJS.ProcessEnv; input?: string; measure?: boolean } = {},
): CliRun {
  const t = performance.now();
  const node = [`--max-old-space-size=${opts.heapMb ?? 512}`, ...(opts.measure ? [`--import=${MEASURE}`] : [])];
  const r = spawnSync(process.execPath, [...node, bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', CI: '', ...(opts.env ?? {}) },
  });
  const out: CliRun = { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: performance.now() - t };
  const m = /\n?maxrss:(\d+)\n$/.exec(out.stderr);
  if (m) {
    out.rssMb = Math.round(Number(m[1]) / 1024);
    out.stderr = out.stderr.slice(0, m.index);
  }
  return out;
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
