// Temporary git repositories for the hook tests: isolated from the user's git config (a global
// core.hooksPath would make `pre-commit install` refuse), with a fixed identity.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const CHECKOUT = resolve('.');
export const BIN = resolve('dist/bin/devops-audit.js');

export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'gate test',
  GIT_AUTHOR_EMAIL: 'gate@example.com',
  GIT_COMMITTER_NAME: 'gate test',
  GIT_COMMITTER_EMAIL: 'gate@example.com',
  NO_COLOR: '1',
};

export interface Ran {
  status: number;
  output: string;
  ms: number;
}

export function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Ran {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: performance.now() - t };
}

export function git(cwd: string, ...args: string[]): Ran {
  return sh('git', args, cwd);
}

export function write(dir: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
}

/** A new repository with one commit (a README), so later commits have a parent. */
export function tempRepo(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, { 'README.md': '# test\n' });
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'init');
  return dir;
}

export function head(dir: string): string {
  return git(dir, 'rev-parse', 'HEAD').output.trim();
}

/** Stage files and try to commit them; the hook decides. */
export function commit(dir: string, files: Record<string, string>, message = 'change'): Ran & { committed: boolean } {
  const before = head(dir);
  write(dir, files);
  git(dir, 'add', '--', ...Object.keys(files));
  const r = git(dir, 'commit', '-m', message);
  return { ...r, committed: head(dir) !== before };
}

// Files the audit judges: one bad and one good of each kind the hook tests use.
export const BAD_DOCKERFILE = 'FROM node:latest\nUSER 10001\nHEALTHCHECK CMD ["node", "health.js"]\nCMD ["node", "server.js"]\n';
export const GOOD_DOCKERFILE = 'FROM node:20.11.1-slim\nUSER 10001\nHEALTHCHECK CMD ["node", "health.js"]\nCMD ["node", "server.js"]\n';
export const UNPINNED_WORKFLOW = `on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: make test
`;
export const PINNED_WORKFLOW = UNPINNED_WORKFLOW.replace('actions/checkout@v4', 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1');
export const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n';
