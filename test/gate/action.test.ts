// action.yml: actionlint has no mode for action metadata, so the test parses it, checks its
// inputs, outputs and steps, runs its bash through shellcheck, and then runs that bash for real
// (npx stubbed to this checkout's build) with the runner's files, to see annotations, the SARIF
// report, the step summary and the exit code come out.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run, tool } from '../helpers/tools.js';
import { BAD_DOCKERFILE, BIN, GOOD_DOCKERFILE, write } from './git.js';

interface Step {
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
const action = parse(readFileSync('action.yml', 'utf8'));
const steps = action.runs.steps as Step[];
const EXPR = /\$\{\{\s*([^}]*?)\s*\}\}/g;

describe('action.yml', () => {
  it('is a composite action with the inputs the docs promise and a SARIF output', () => {
    expect(action.name).toBe('devops-audit');
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    for (const input of ['path', 'fail-on', 'config', 'baseline', 'sarif-file', 'version']) {
      expect(action.inputs[input], input).toBeDefined();
      expect(action.inputs[input].description, input).toBeTruthy();
    }
    expect(action.inputs.version.default).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(action.outputs['sarif-file'].value).toMatch(/steps\.audit\.outputs\.sarif-file/);
    expect(steps.some((s) => s.id === 'audit')).toBe(true);
  });

  it('reads inputs only through env (no expression inside a script), and names only declared inputs', () => {
    for (const s of steps) {
      if (s.run) {
        expect(s.shell).toBe('bash');
        // An input spliced into the script text is a template injection; env is data.
        expect(s.run).not.toMatch(EXPR);
      }
      for (const v of Object.values(s.env ?? {})) {
        for (const m of v.matchAll(EXPR)) {
          const ref = /^inputs\.([\w-]+)$/.exec(m[1]);
          if (ref) expect(action.inputs[ref[1]], m[1]).toBeDefined();
        }
      }
    }
  });

  it.skipIf(!tool('shellcheck'))('its bash passes shellcheck', () => {
    for (const s of steps.filter((x) => x.run)) {
      const r = run('shellcheck', ['-s', 'bash', '-'], { input: `#!/usr/bin/env bash\n${s.run}` });
      expect(r.status, r.output).toBe(0);
    }
  });

  /** Run the audit step's bash as the runner would, with npx answering from this checkout. */
  function runStep(files: Record<string, string>, inputs: Record<string, string> = {}) {
    const work = mkdtempSync(join(tmpdir(), 'gate-action-'));
    const repo = join(work, 'repo');
    write(repo, files);
    const bin = join(work, 'bin');
    // `npx --yes --package create-devops-stack@X devops-audit ARGS` → node dist/bin/devops-audit.js ARGS
    write(bin, { npx: `#!/usr/bin/env bash\nwhile [ "$1" != devops-audit ]; do shift; done\nshift\nexec node '${BIN}' "$@"\n` });
    chmodSync(join(bin, 'npx'), 0o755);
    const runner = { GITHUB_OUTPUT: join(work, 'output'), GITHUB_STEP_SUMMARY: join(work, 'summary.md'), RUNNER_TEMP: work };
    for (const f of [runner.GITHUB_OUTPUT, runner.GITHUB_STEP_SUMMARY]) writeFileSync(f, '');
    const env: Record<string, string> = {};
    const step = steps.find((s) => s.id === 'audit')!;
    for (const [k, v] of Object.entries(step.env ?? {})) {
      env[k] = v.replace(EXPR, (_, e: string) => {
        const name = /^inputs\.([\w-]+)$/.exec(e)![1];
        return inputs[name] ?? String(action.inputs[name].default ?? '');
      });
    }
    const script = join(work, 'step.sh');
    writeFileSync(script, step.run!);
    const r = run('bash', ['-e', script], { cwd: repo, env: { ...env, ...runner, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' } });
    const sarifPath = join(repo, env.AUDIT_SARIF);
    return {
      ...r,
      sarif: existsSync(sarifPath) ? JSON.parse(readFileSync(sarifPath, 'utf8')) : undefined,
      summary: readFileSync(runner.GITHUB_STEP_SUMMARY, 'utf8'),
      outputs: readFileSync(runner.GITHUB_OUTPUT, 'utf8'),
    };
  }

  it('fails the step on a finding at the gate, with annotations, SARIF and the step summary', () => {
    const r = runStep({ Dockerfile: BAD_DOCKERFILE });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^::error file=Dockerfile,line=1,col=6,.*docker\/pin-base-image/m);
    expect(r.sarif.version).toBe('2.1.0');
    expect(r.sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'docker/pin-base-image')).toBe(true);
    expect(r.summary).toMatch(/docker\/pin-base-image/);
    expect(r.outputs).toBe('sarif-file=devops-audit.sarif\n');
  });

  it('fail-on and config inputs reach the CLI; left empty, the config decides', () => {
    // A whole repository is judged (not a partial run): keep the gate to the image pin.
    const cfg = 'failOn: none\n';
    expect(runStep({ Dockerfile: BAD_DOCKERFILE, '.devops-audit.yaml': cfg }).status).toBe(0);
    expect(runStep({ Dockerfile: BAD_DOCKERFILE, '.devops-audit.yaml': cfg }, { 'fail-on': 'high' }).status).toBe(1);
    expect(runStep({ Dockerfile: BAD_DOCKERFILE, 'ci/audit.yaml': cfg }, { config: 'ci/audit.yaml' }).status).toBe(0);
    const good = runStep({ Dockerfile: GOOD_DOCKERFILE, '.devops-audit.yaml': 'failOn: critical\n' });
    expect(good.status, good.output).toBe(0);
    expect(good.sarif.runs[0].results.every((x: { ruleId: string }) => x.ruleId !== 'docker/pin-base-image')).toBe(true);
  });

  it('path: a subdirectory still annotates and reports paths from the repository root', () => {
    const r = runStep({ 'services/api/Dockerfile': BAD_DOCKERFILE }, { path: 'services/api' });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^::error file=services\/api\/Dockerfile,line=1,col=6,/m);
    const uris = r.sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('services/api/Dockerfile');
    // Repository-level findings (file ".") point at the audited directory itself.
    expect(uris.every((u: string) => u === 'services/api' || u.startsWith('services/api/'))).toBe(true);
  });

  it('a missing config is a usage error (exit 2), not a pass', () => {
    expect(runStep({ Dockerfile: GOOD_DOCKERFILE }, { config: 'nope.yaml' }).status).toBe(2);
  });
});
