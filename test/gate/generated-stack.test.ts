// The gate inside a generated stack: its ci.yml runs devops-audit on pull requests and uploads
// SARIF, and is itself clean under the audit; its .pre-commit-config.yaml hook runs under the
// real pre-commit (entry pointed at this checkout's build instead of the published package).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseAuditArgs } from '../../src/cli/audit.js';
import { tool } from '../helpers/tools.js';
import { BIN, git, sh } from './git.js';

const CREATE = resolve('dist/bin/create-devops-stack.js');
const PINS = JSON.parse(readFileSync('data/github-actions.json', 'utf8')).actions as Record<string, { sha: string }>;

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}

let dir: string;
beforeAll(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'gate-stack-')), 'svc');
  const r = sh(process.execPath, [CREATE, dir, '--yes', '--no-git'], tmpdir());
  expect(r.status, r.output).toBe(0);
});

describe('generated ci.yml', () => {
  it('runs devops-audit on pull requests and uploads its SARIF to code scanning', () => {
    const wf = parse(readFileSync(join(dir, '.github/workflows/ci.yml'), 'utf8'));
    expect(Object.keys(wf.on)).toContain('pull_request');
    const [id, job] = Object.entries(wf.jobs as Record<string, { steps: Step[]; permissions: Record<string, string> }>).find(([, j]) => j.steps?.some((s) => s.run?.includes('devops-audit')))!;
    expect(id).toBe('devops-audit');
    const audit = job.steps.find((s) => s.run?.includes('devops-audit'))!;
    // The arguments after the command are ones the CLI accepts (formats that exist, a SARIF file).
    const argv = audit.run!.trim().split(/\s+/);
    const args = parseAuditArgs(argv.slice(argv.indexOf('devops-audit') + 1));
    const sarif = args.formats.find((f) => f.format === 'sarif')?.file;
    expect(sarif).toBeTruthy();
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload, 'an upload-sarif step').toBeDefined();
    expect(upload.uses).toBe(`github/codeql-action/upload-sarif@${PINS['github/codeql-action/upload-sarif'].sha}`);
    expect(upload.with!.sarif_file).toBe(sarif);
    // Uploaded when the gate fails too: that is when the alerts matter.
    expect(upload.if).toMatch(/!cancelled\(\)|always\(\)/);
    expect(job.permissions['security-events']).toBe('write');
    // The pinned tag is in the comment next to the SHA.
    const node = parseDocument(readFileSync(join(dir, '.github/workflows/ci.yml'), 'utf8')).getIn(['jobs', 'devops-audit', 'steps'], true) as YAMLSeq<YAMLMap>;
    const uploadNode = node.items.find((s) => String(s.get('uses') ?? '').includes('upload-sarif'))!;
    expect(uploadNode.get('uses', true)).toHaveProperty('comment', expect.stringMatching(/^ ?v\d/));
  });

  it('the whole generated stack passes the audit, with no finding in ci.yml', () => {
    const r = sh(process.execPath, [BIN, '-f', 'json', '.'], dir);
    const report = JSON.parse(r.output.slice(r.output.indexOf('{')));
    expect(report.findings.filter((f: { file: string }) => f.file.startsWith('.github/'))).toEqual([]);
    expect(r.status, JSON.stringify(report.findings.slice(0, 5))).toBe(0);
  });
});

describe.skipIf(!tool('pre-commit'))('generated .pre-commit-config.yaml under the real pre-commit', () => {
  it('the devops-audit hook passes the stack, and refuses a commit that unpins the base image', () => {
    const cfgPath = join(dir, '.pre-commit-config.yaml');
    const cfg = parseDocument(readFileSync(cfgPath, 'utf8'));
    const hook = (cfg.getIn(['repos', 0, 'hooks'], true) as YAMLSeq<YAMLMap>).items.find((h) => h.get('id') === 'devops-audit')!;
    expect(String(hook.get('entry'))).toMatch(/devops-audit$/);
    hook.set('entry', `node '${BIN}'`);
    writeFileSync(cfgPath, cfg.toString());
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    const env = { PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'gate-pc-home-')) };
    const all = sh('pre-commit', ['run', 'devops-audit', '--all-files'], dir, env);
    expect(all.output).toMatch(/devops-audit \(DevOps checklists\)\.+Passed/);
    const dockerfile = join(dir, 'infrastructure/docker/Dockerfile');
    const text = readFileSync(dockerfile, 'utf8');
    const from = /^FROM (\S+)/m.exec(text)!;
    writeFileSync(dockerfile, text.replace(from[0], `FROM ${from[1].replace(/[:@].*$/, '')}:latest`));
    git(dir, 'add', 'infrastructure/docker/Dockerfile');
    const bad = sh('pre-commit', ['run', 'devops-audit', '--files', 'infrastructure/docker/Dockerfile'], dir, env);
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('docker/pin-base-image');
  });
});
