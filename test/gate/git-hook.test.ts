// `devops-audit --staged` as a git hook without the pre-commit framework: a plain
// .git/hooks/pre-commit, and the husky file `devops-audit init --hooks husky` writes, run by real
// `git commit`s. Also the hook's wall time on a 3-file commit next to `node -e 0`.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BAD_DOCKERFILE, BIN, CONFIGMAP, GOOD_DOCKERFILE, PINNED_WORKFLOW, UNPINNED_WORKFLOW, commit, git, head, sh, tempRepo, write } from './git.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function plainHook(dir: string): void {
  const path = join(dir, '.git', 'hooks', 'pre-commit');
  writeFileSync(path, `#!/bin/sh\nexec node ${quote(BIN)} --staged --quiet\n`);
  chmodSync(path, 0o755);
}

describe('plain git hook: devops-audit --staged', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempRepo('gate-hook-');
    plainHook(dir);
  });

  it('refuses a commit with a finding at the gate, showing it', () => {
    const r = commit(dir, { Dockerfile: BAD_DOCKERFILE, 'k8s/settings.yaml': CONFIGMAP });
    expect(r.committed).toBe(false);
    expect(r.output).toContain('Dockerfile:1:6');
    expect(r.output).toContain('docker/pin-base-image');
    expect(r.output).not.toContain('k8s/settings.yaml:');
    git(dir, 'reset', '-q');
  });

  it('refuses an unpinned action in a workflow', () => {
    const r = commit(dir, { '.github/workflows/ci.yml': UNPINNED_WORKFLOW });
    expect(r.committed).toBe(false);
    expect(r.output).toContain('github-actions/pin-actions-to-sha');
    git(dir, 'reset', '-q');
  });

  it('lets a good commit through', () => {
    const r = commit(dir, { Dockerfile: GOOD_DOCKERFILE, '.github/workflows/ci.yml': PINNED_WORKFLOW, 'k8s/settings.yaml': CONFIGMAP });
    expect(r.committed, r.output).toBe(true);
  });

  it('judges the staged content, not the working tree, both ways', () => {
    // Staged bad, repaired only in the working tree: refused.
    write(dir, { Dockerfile: BAD_DOCKERFILE });
    git(dir, 'add', 'Dockerfile');
    write(dir, { Dockerfile: GOOD_DOCKERFILE });
    const before = head(dir);
    const refused = git(dir, 'commit', '-m', 'staged bad');
    expect(head(dir)).toBe(before);
    expect(refused.output).toContain('docker/pin-base-image');
    // Staged good, broken only in the working tree: passes.
    git(dir, 'add', 'Dockerfile');
    write(dir, { 'k8s/settings.yaml': CONFIGMAP.replace('info', 'debug') });
    git(dir, 'add', 'k8s/settings.yaml');
    write(dir, { Dockerfile: BAD_DOCKERFILE });
    const passed = git(dir, 'commit', '-m', 'staged good');
    expect(passed.status, passed.output).toBe(0);
    expect(head(dir)).not.toBe(before);
    git(dir, 'checkout', '-q', '--', 'Dockerfile');
  });

  it('a commit that deletes or renames files passes (only added, copied, modified and renamed content is read)', () => {
    git(dir, 'mv', 'k8s/settings.yaml', 'k8s/config.yaml');
    git(dir, 'rm', '-q', '.github/workflows/ci.yml');
    const r = git(dir, 'commit', '-m', 'move');
    expect(r.status, r.output).toBe(0);
  });
});

describe('husky, lefthook and pre-commit files written by devops-audit init', () => {
  it('the husky hook refuses a bad commit and passes a good one', () => {
    const dir = tempRepo('gate-husky-');
    const init = sh(process.execPath, [BIN, 'init', '--hooks', 'husky'], dir);
    expect(init.status, init.output).toBe(0);
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toContain('devops-audit --staged');
    // What `npm install -D create-devops-stack` and husky's `prepare` would leave behind.
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(BIN, join(dir, 'node_modules/.bin/devops-audit'));
    write(dir, { '.gitignore': 'node_modules/\n' });
    git(dir, 'config', 'core.hooksPath', '.husky');
    const bad = commit(dir, { Dockerfile: BAD_DOCKERFILE });
    expect(bad.committed).toBe(false);
    expect(bad.output).toContain('docker/pin-base-image');
    const good = commit(dir, { Dockerfile: GOOD_DOCKERFILE, '.gitignore': 'node_modules/\n' });
    expect(good.committed, good.output).toBe(true);
  });

  it('lefthook runs the same command; the pre-commit config names a hook of the manifest', () => {
    const dir = tempRepo('gate-init-');
    expect(sh(process.execPath, [BIN, 'init', '--hooks', 'lefthook'], dir).status).toBe(0);
    expect(sh(process.execPath, [BIN, 'init', '--hooks', 'pre-commit'], dir).status).toBe(0);
    const husky = sh(process.execPath, [BIN, 'init', '--hooks', 'husky'], dir);
    expect(husky.status).toBe(0);
    const huskyCommand = readFileSync(join(dir, '.husky/pre-commit'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))[0];
    const lefthook = parse(readFileSync(join(dir, 'lefthook.yml'), 'utf8'));
    expect(lefthook['pre-commit'].commands['devops-audit'].run).toBe(huskyCommand);
    const pc = parse(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8'));
    const manifest = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Array<{ id: string }>;
    for (const h of pc.repos[0].hooks) expect(manifest.map((m) => m.id)).toContain(h.id);
    expect(pc.repos[0].rev).toBe(`v${JSON.parse(readFileSync('package.json', 'utf8')).version}`);
  });
});

describe('hook wall time', () => {
  it('a 3-file commit, next to node -e 0 on the same machine', () => {
    const dir = tempRepo('gate-time-');
    write(dir, { Dockerfile: GOOD_DOCKERFILE, '.github/workflows/ci.yml': PINNED_WORKFLOW, 'k8s/settings.yaml': CONFIGMAP });
    git(dir, 'add', '-A');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const node: number[] = [];
    const hook: number[] = [];
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < 3; i++) {
      node.push(sh(process.execPath, ['-e', '0'], dir).ms);
      const r = sh(process.execPath, [BIN, '--staged', '--quiet'], dir);
      expect(r.status, r.output).toBe(0);
      hook.push(r.ms);
    }
    const [n, h] = [median(node), median(hook)];
    console.info(`3-file staged audit: ${h.toFixed(0)} ms; node -e 0: ${n.toFixed(0)} ms; ratio ${(h / n).toFixed(1)}`);
    // A generous bound: the recorded figures are in docs/hooks.md; this catches a regression
    // that would make people turn the hook off (a child process per file, an eager heavy import).
    expect(h).toBeLessThan(20_000);
  });
});

describe('--staged <dir>: only the staged files under that directory', () => {
  const audit = (cwd: string, ...args: string[]) => sh(process.execPath, [BIN, '--rule', 'docker/pin-base-image', ...args], cwd);

  it('from the top level or any subdirectory, with paths relative to the dir (JSON) and to the top (annotations)', () => {
    const dir = tempRepo('gate-staged-dir-');
    write(dir, { 'services/api/Dockerfile': BAD_DOCKERFILE, 'services/web/Dockerfile': BAD_DOCKERFILE.replace('node:latest', 'ruby') });
    git(dir, 'add', '-A');
    const json = (r: ReturnType<typeof sh>) => JSON.parse(r.output.slice(r.output.indexOf('{'))) as { findings: Array<{ file: string; message: string }>; summary: { partial: boolean } };
    for (const [cwd, target] of [[dir, 'services/api'], [join(dir, 'services'), 'api'], [join(dir, 'services/web'), '../api'], [join(dir, 'services/api'), '.']]) {
      const r = audit(cwd, '--staged', target, '-f', 'json');
      expect(r.status, `${cwd} ${target}: ${r.output}`).toBe(1);
      const report = json(r);
      expect(report.summary.partial).toBe(true);
      expect(report.findings.map((f) => f.file)).toEqual(['Dockerfile']);
      expect(report.findings[0].message).toContain('node');
      const gh = audit(cwd, '--staged', target, '-f', 'github');
      expect(gh.output).toMatch(/^::error file=services\/api\/Dockerfile,line=1,col=6,/m);
      expect(gh.output).not.toContain('services/web');
    }
    // No dir: the current one.
    const web = audit(join(dir, 'services/web'), '--staged', '-f', 'json');
    expect(json(web).findings.map((f) => `${f.file} ${f.message}`)).toEqual([expect.stringMatching(/^Dockerfile .*ruby/)]);
    // From the top level without a dir: the whole commit.
    expect(json(audit(dir, '--staged', '-f', 'json')).findings.map((f) => f.file).sort()).toEqual(['services/api/Dockerfile', 'services/web/Dockerfile']);
  });

  it('ignores what is staged elsewhere and what is not staged under it', () => {
    const dir = tempRepo('gate-staged-only-');
    write(dir, { 'services/api/Dockerfile': BAD_DOCKERFILE, 'services/web/Dockerfile': BAD_DOCKERFILE });
    git(dir, 'add', 'services/web/Dockerfile');
    const r = audit(dir, '--staged', 'services/api', '-f', 'json');
    expect(r.status, r.output).toBe(0);
    expect(JSON.parse(r.output).summary.files).toBe(0);
    expect(audit(dir, '--staged', 'services/web').status).toBe(1);
  });

  it('as a hook command: git runs it at the top level with a relative GIT_INDEX_FILE, also for `git commit <path>`', () => {
    const dir = tempRepo('gate-staged-hook-');
    const path = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(path, `#!/bin/sh\nexec node ${quote(BIN)} --staged services/api --quiet\n`);
    chmodSync(path, 0o755);
    const good = commit(dir, { 'services/api/Dockerfile': GOOD_DOCKERFILE });
    expect(good.committed, good.output).toBe(true);
    const other = commit(dir, { 'services/web/Dockerfile': BAD_DOCKERFILE });
    expect(other.committed, other.output).toBe(true);
    const bad = commit(dir, { 'services/api/Dockerfile': BAD_DOCKERFILE });
    expect(bad.committed).toBe(false);
    expect(bad.output).toContain('Dockerfile:1:6');
    git(dir, 'checkout', '-q', 'HEAD', '--', 'services/api/Dockerfile');
    // `git commit <path>` commits the working tree's file through a temporary index: that is judged.
    write(dir, { 'services/api/Dockerfile': BAD_DOCKERFILE });
    const before = head(dir);
    const r = git(dir, 'commit', '-m', 'only this path', '--', 'services/api/Dockerfile');
    expect(head(dir), r.output).toBe(before);
    expect(r.output).toContain('docker/pin-base-image');
    // Hooks and tools may export GIT_DIR (and GIT_INDEX_FILE) relative to the top level; git run
    // in the audited subdirectory must still find the repository and the same index.
    git(dir, 'add', 'services/api/Dockerfile');
    for (const env of [{ GIT_DIR: '.git' }, { GIT_DIR: '.git', GIT_INDEX_FILE: '.git/index' }]) {
      const exported = sh(process.execPath, [BIN, '--staged', 'services/api', '--quiet', '--rule', 'docker/pin-base-image'], dir, env);
      expect(exported.status, exported.output).toBe(1);
      expect(exported.output).toContain('Dockerfile:1:6');
    }
  });

  it('usage errors: not in git, more than one dir, a file', () => {
    const dir = tempRepo('gate-staged-usage-');
    write(dir, { 'a/Dockerfile': GOOD_DOCKERFILE, 'b/Dockerfile': GOOD_DOCKERFILE });
    for (const args of [['--staged', 'a', 'b'], ['--staged', 'a/Dockerfile'], ['--staged', 'nope']]) {
      const r = audit(dir, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.output.trim().split('\n')).toHaveLength(1);
    }
    const outside = mkdtempSync(join(tmpdir(), 'gate-no-git-'));
    const r = audit(outside, '--staged');
    expect(r.status).toBe(2);
    expect(r.output).toMatch(/--staged needs a git repository/);
  });
});
