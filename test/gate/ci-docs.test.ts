// docs/ci.md's YAML blocks are what teams copy: each parses, the audit finds nothing wrong in it,
// the job shown for generated stacks is the one the generator writes, and the GitLab job's
// script, run for real, writes the JUnit and Code Quality reports its artifacts name.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseAuditArgs } from '../../src/cli/audit.js';
import { BAD_DOCKERFILE, BIN, sh, write } from './git.js';

const DOC = readFileSync('docs/ci.md', 'utf8');
const blocks = new MarkdownIt()
  .parse(DOC, {})
  .filter((t) => t.type === 'fence' && t.info.trim() === 'yaml')
  .map((t) => t.content);
const find = (needle: string) => {
  const b = blocks.find((x) => x.includes(needle));
  if (!b) throw new Error(`docs/ci.md has no yaml block with ${needle}`);
  return b;
};
const ACTION_WORKFLOW = find('uses: create-devops-stack/create-devops-stack@');
const GENERATED_JOB = find('  devops-audit:\n    name: devops-audit');
const GITLAB = find('codequality:');
const action = parse(readFileSync('action.yml', 'utf8'));

type Finding = { ruleId: string; file: string; message: string; severity: string };
function auditRepo(files: Record<string, string>): { status: number; findings: Finding[] } {
  const dir = mkdtempSync(join(tmpdir(), 'gate-docs-'));
  write(dir, files);
  const r = sh(process.execPath, [BIN, '-f', 'json', '--fail-on', 'none', ...Object.keys(files)], dir);
  return { status: r.status, findings: JSON.parse(r.output.slice(r.output.indexOf('{'))).findings };
}

describe('docs/ci.md', () => {
  it('every yaml block parses', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) for (const d of parseAllDocuments(b)) expect(d.errors, b.slice(0, 80)).toEqual([]);
  });

  it('documents every input and output of action.yml', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(DOC).toContain(`\`${name}\``);
  });

  it('the action workflow uses only declared inputs and outputs, and audits clean but for the pin it tells you to make', () => {
    const wf = parse(ACTION_WORKFLOW);
    const steps = wf.jobs['devops-audit'].steps as Array<{ id?: string; uses?: string; with?: Record<string, string>; if?: string }>;
    const step = steps.find((s) => s.uses?.startsWith('create-devops-stack/create-devops-stack@'))!;
    for (const k of Object.keys(step.with ?? {})) expect(action.inputs[k], k).toBeDefined();
    for (const m of ACTION_WORKFLOW.matchAll(/steps\.audit\.outputs\.([\w-]+)/g)) expect(action.outputs[m[1]], m[1]).toBeDefined();
    const { findings } = auditRepo({ '.github/workflows/devops-audit.yml': ACTION_WORKFLOW });
    expect(findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([expect.stringMatching(/^github-actions\/pin-actions-to-sha: `create-devops-stack\/create-devops-stack@v0\.1\.0`/)]);
  });

  describe('the job generated stacks have', () => {
    let generated: unknown;
    beforeAll(() => {
      const dir = join(mkdtempSync(join(tmpdir(), 'gate-docs-stack-')), 'svc');
      const r = sh(process.execPath, [resolve('dist/bin/create-devops-stack.js'), dir, '--yes', '--no-git'], tmpdir());
      expect(r.status, r.output).toBe(0);
      generated = parse(readFileSync(join(dir, '.github/workflows/ci.yml'), 'utf8')).jobs['devops-audit'];
    });
    it('is the one the generator writes', () => {
      expect(parse(GENERATED_JOB)['devops-audit']).toEqual(generated);
    });
  });

  describe('GitLab job', () => {
    const gl = parse(GITLAB);
    const job = gl['devops-audit'];
    const line = (job.script as string[]).find((s) => s.includes('devops-audit'))!;
    const argv = line.trim().split(/\s+/);
    const cliArgs = argv.slice(argv.indexOf('devops-audit') + 1);

    it('runs the CLI with formats that exist, writing the files its artifacts publish, always', () => {
      const args = parseAuditArgs(cliArgs);
      const file = (fmt: string) => args.formats.find((f) => f.format === fmt)?.file;
      expect(job.artifacts.reports.junit).toBe(file('junit'));
      expect(job.artifacts.reports.codequality).toBe(file('gitlab'));
      expect(job.artifacts.when).toBe('always');
      expect(gl.stages).toContain(job.stage);
    });

    it('is valid GitLab CI for the audit itself (no finding in .gitlab-ci.yml)', () => {
      const { findings } = auditRepo({ '.gitlab-ci.yml': GITLAB });
      expect(findings.filter((f) => f.file === '.gitlab-ci.yml')).toEqual([]);
    });

    it('its script, run for real, fails on a finding and writes JUnit and Code Quality reports', () => {
      const dir = mkdtempSync(join(tmpdir(), 'gate-gitlab-'));
      write(dir, { Dockerfile: BAD_DOCKERFILE });
      const r = sh(process.execPath, [BIN, ...cliArgs], dir);
      expect(r.status).toBe(1);
      const junit = readFileSync(join(dir, job.artifacts.reports.junit), 'utf8');
      expect(junit).toMatch(/^<\?xml[^>]*\?>\s*<testsuites[\s>]/);
      expect(junit).toMatch(/<testcase classname="containers" name="containers\.pinned-base-images[^"]*"><failure[^>]*>Dockerfile:1:6 high docker\/pin-base-image/);
      const cq = JSON.parse(readFileSync(join(dir, job.artifacts.reports.codequality), 'utf8')) as Array<Record<string, unknown>>;
      const pin = cq.find((i) => i.check_name === 'docker/pin-base-image')!;
      expect(pin).toMatchObject({ type: 'issue', severity: 'critical', location: { path: 'Dockerfile', lines: { begin: 1 } } });
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toEqual(expect.arrayContaining([...new Set(cq.map((i) => i.severity))]));
      expect(new Set(cq.map((i) => i.fingerprint)).size).toBe(cq.length);
    });
  });
});
