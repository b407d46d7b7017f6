// End-to-end runs of the built command (npm test builds dist/ first).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('dist/bin/devops-audit.js');

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'da-cli-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('devops-audit CLI', () => {
  it('--version and --help', () => {
    const v = cli(['--version'], tmpdir());
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const h = cli(['--help'], tmpdir());
    for (const flag of ['--format', '--fail-on', '--baseline', '--write-baseline', '--rule', '--checklist', '--list-rules', '--explain', '--quiet', '--staged', '--config']) expect(h.stdout).toContain(flag);
  });

  it('exit 1 when the gate fails, 0 when it passes, whatever the format', () => {
    const bad = repo({ Dockerfile: 'FROM node\n' });
    for (const f of ['stylish', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab']) expect(cli(['-f', f, '--rule', 'docker/pin-base-image'], bad).code).toBe(1);
    const good = repo({ Dockerfile: 'FROM node:20.11.1\n' });
    expect(cli(['--rule', 'docker/pin-base-image'], good).code).toBe(0);
    expect(cli(['--rule', 'docker/pin-base-image', '--fail-on', 'critical'], bad).code).toBe(0);
  });

  it('exit 2 with one line for usage and config errors', () => {
    const dir = repo({ '.devops-audit.yaml': 'failon: high\n' });
    for (const args of [['--bogus'], ['--fail-on', 'loud'], ['-f', 'xml'], ['nope/'], ['--rule', 'no/such-rule'], ['--explain', 'no/such'], ['--baseline', 'missing.json'], []]) {
      const r = cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(cli([], dir).stderr).toMatch(/\.devops-audit\.yaml:1: "failon": unknown key/);
  });

  it('writes several outputs in one run', () => {
    const dir = repo({ Dockerfile: 'FROM node\n' });
    const r = cli(['-f', 'stylish', '-f', 'sarif:out/results.sarif', '-f', 'json:out/report.json'], dir);
    expect(r.stdout).toContain('Dockerfile:1:6');
    expect(JSON.parse(readFileSync(join(dir, 'out/results.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).tool.name).toBe('devops-audit');
  });

  it('adopts a baseline in one command, then reports only new findings', () => {
    const dir = repo({ Dockerfile: 'FROM node\n' });
    expect(cli(['--write-baseline', '.devops-audit-baseline.json'], dir).code).toBe(0);
    expect(cli(['--baseline', '.devops-audit-baseline.json', '--rule', 'docker/pin-base-image'], dir).code).toBe(0);
    writeFileSync(join(dir, 'Dockerfile'), '# shifted\nFROM node\nFROM ruby\n');
    const r = cli(['--baseline', '.devops-audit-baseline.json', '--rule', 'docker/pin-base-image', '-q'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ruby');
    expect(r.stdout).not.toContain('image node');
  });

  it('audits a list of files as a partial run', () => {
    const dir = repo({ 'a/Dockerfile': 'FROM node\n', 'b/Dockerfile': 'FROM ruby\n' });
    const r = cli(['a/Dockerfile', '-f', 'json'], dir);
    const report = JSON.parse(r.stdout);
    expect(report.summary.partial).toBe(true);
    const files = new Set(report.findings.map((f: { file: string }) => f.file));
    expect([...files]).toEqual(['a/Dockerfile']);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('--staged reads the staged content, not the working tree', () => {
    const dir = repo({ Dockerfile: 'FROM node:20.1.0\n' });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', 'Dockerfile'], { cwd: dir });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node\n'); // unstaged breakage
    expect(cli(['--staged', '--rule', 'docker/pin-base-image'], dir).code).toBe(0);
    execFileSync('git', ['add', 'Dockerfile'], { cwd: dir });
    expect(cli(['--staged', '--rule', 'docker/pin-base-image'], dir).code).toBe(1);
  });

  it('--list-rules and --explain', () => {
    const list = cli(['--list-rules'], tmpdir());
    expect(list.stdout).toContain('docker/pin-base-image');
    const ex = cli(['--explain', 'docker/pin-base-image'], tmpdir());
    expect(ex.stdout).toContain('## Fails');
    expect(ex.stdout).toContain('FROM node');
  });

  it('no colour without a TTY', () => {
    const dir = repo({ Dockerfile: 'FROM node\n' });
    expect(cli([], dir, { NO_COLOR: '' }).stdout).not.toContain('\x1b[');
    expect(existsSync(dir)).toBe(true);
  });
});
