// The real `pre-commit` (Debian package) against temporary repositories using the hooks of this
// checkout. Two ways, on purpose (docs/hooks.md, "How the hook is tested"):
// - `pre-commit try-repo` installs the hooks exactly as a team's `repo:`/`rev:` would (language
//   node: npm install, npm pack with the prepare build, npm install -g). That takes a minute or
//   more, on every run (try-repo uses a throw-away store), so it is done once.
// - every other case runs the same hooks, read from .pre-commit-hooks.yaml, as `language: system`
//   hooks on dist/bin/devops-audit.js, through real `git commit`s: seconds, not minutes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { tool } from '../helpers/tools.js';
import { BAD_DOCKERFILE, BIN, CHECKOUT, CONFIGMAP, GOOD_DOCKERFILE, PINNED_WORKFLOW, UNPINNED_WORKFLOW, commit, git, sh, tempRepo, write } from './git.js';

interface ManifestHook {
  id: string;
  name: string;
  entry: string;
  args?: string[];
  language: string;
  types?: string[];
  require_serial?: boolean;
}

const MANIFEST = parse(readFileSync(join(CHECKOUT, '.pre-commit-hooks.yaml'), 'utf8')) as ManifestHook[];
const HAS_PRE_COMMIT = tool('pre-commit');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The manifest's hooks as local `language: system` hooks running this checkout's build. */
function localConfig(ids?: string[]): string {
  const hooks = MANIFEST.filter((h) => !ids || ids.includes(h.id)).map((h) => ({ ...h, language: 'system', entry: `node ${quote(BIN)}` }));
  return stringify({ repos: [{ repo: 'local', hooks }] });
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares the whole-audit hook and one per checklist group, all node, serial, quiet', () => {
    const ids = MANIFEST.map((h) => h.id);
    expect(ids).toEqual(['devops-audit', 'devops-audit-cicd', 'devops-audit-security', 'devops-audit-infrastructure', 'devops-audit-monitoring']);
    const checklists = new Set(['cicd', 'infrastructure', 'monitoring', 'security', 'containers', 'delivery', 'operations']);
    const covered = new Set<string>();
    for (const h of MANIFEST) {
      expect(h.language).toBe('node');
      expect(h.entry).toBe('devops-audit');
      // Serial: pre-commit would otherwise split the files over parallel runs and rules that
      // look across files (a Service and its Deployment) would see only some of them.
      expect(h.require_serial).toBe(true);
      expect(h.args).toContain('--quiet');
      h.args!.forEach((a, i) => a === '--checklist' && covered.add(h.args![i + 1]));
    }
    expect(covered).toEqual(checklists);
    // package.json ships the manifest and names the bin the entry calls.
    const pkg = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8'));
    expect(pkg.bin['devops-audit']).toBeTruthy();
    expect(pkg.files).toContain('.pre-commit-hooks.yaml');
  });
});

describe.skipIf(!HAS_PRE_COMMIT)('pre-commit framework, real tool', () => {
  const home = mkdtempSync(join(tmpdir(), 'gate-pc-home-'));
  // pre-commit's own store (environments, clones) stays out of the user's ~/.cache.
  const env = { PRE_COMMIT_HOME: home };
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('try-repo installs the hook from this checkout (language node) and refuses a bad file with the finding shown', () => {
    const dir = tempRepo('gate-try-');
    write(dir, { Dockerfile: BAD_DOCKERFILE, 'k8s/settings.yaml': CONFIGMAP });
    git(dir, 'add', '-A');
    // --ref: the committed checkout, as a team's `rev:` would pin it (others' unsaved edits in a
    // shared working tree stay out).
    const rev = git(CHECKOUT, 'rev-parse', 'HEAD').output.trim();
    const r = sh('pre-commit', ['try-repo', CHECKOUT, '--ref', rev, '--files', 'Dockerfile', 'k8s/settings.yaml'], dir, env);
    console.info(`pre-commit try-repo (install + run): ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.output).not.toMatch(/An unexpected error|CalledProcessError/);
    expect(r.status).toBe(1);
    // The whole-audit hook and the containers one fail on the unpinned base image…
    expect(r.output).toMatch(/devops-audit\.+Failed/);
    expect(r.output).toMatch(/devops-audit \(infrastructure and containers\)\.+Failed/);
    expect(r.output).toContain('Dockerfile:1:6');
    expect(r.output).toContain('docker/pin-base-image');
    // …a checklist the finding is not on passes, and the good file is not blamed.
    expect(r.output).toMatch(/devops-audit \(monitoring and operations\)\.+Passed/);
    expect(r.output).not.toContain('k8s/settings.yaml:');
  }, 600_000);

  describe('the manifest hooks as local system hooks, through git commit', () => {
    let dir: string;
    beforeAll(() => {
      dir = tempRepo('gate-pc-');
      write(dir, { '.pre-commit-config.yaml': localConfig() });
      git(dir, 'add', '.pre-commit-config.yaml');
      git(dir, 'commit', '-q', '--no-verify', '-m', 'hooks');
      const r = sh('pre-commit', ['install'], dir, env);
      expect(r.status, r.output).toBe(0);
    });

    it('refuses a commit of a Dockerfile on node:latest, showing the finding', () => {
      const r = commit(dir, { Dockerfile: BAD_DOCKERFILE });
      expect(r.committed).toBe(false);
      expect(r.output).toContain('Dockerfile:1:6');
      expect(r.output).toMatch(/high\s+base image node:latest uses the moving "latest" tag/);
      expect(r.output).toMatch(/devops-audit \(security\)\.+Passed/);
      git(dir, 'reset', '-q', 'HEAD', '--', 'Dockerfile');
    });

    it('refuses a workflow with an unpinned action', () => {
      const r = commit(dir, { '.github/workflows/ci.yml': UNPINNED_WORKFLOW });
      expect(r.committed).toBe(false);
      expect(r.output).toContain('.github/workflows/ci.yml:9:15');
      expect(r.output).toContain('github-actions/pin-actions-to-sha');
      git(dir, 'reset', '-q', 'HEAD', '--', '.github');
    });

    it('lets a good commit through, though the repository has no CI, runbooks or IaC (a partial run judges only the change)', () => {
      const r = commit(dir, { Dockerfile: GOOD_DOCKERFILE, '.github/workflows/ci.yml': PINNED_WORKFLOW, 'k8s/settings.yaml': CONFIGMAP });
      expect(r.output).not.toMatch(/Failed/);
      expect(r.committed, r.output).toBe(true);
    });

    it('a config requiring every checklist item does not fail a partial run', () => {
      write(dir, { '.devops-audit.yaml': 'preset: recommended\nfailOn: high\nrequire: [cicd, infrastructure, monitoring, security, containers, delivery, operations]\n' });
      const r = commit(dir, { 'k8s/other.yaml': CONFIGMAP.replace('settings', 'other'), '.devops-audit.yaml': readFileSync(join(dir, '.devops-audit.yaml'), 'utf8') });
      expect(r.committed, r.output).toBe(true);
    });

    it('judges the staged content (pre-commit stashes unstaged edits)', () => {
      // Stage a bad Dockerfile, then repair it in the working tree only: the commit is refused.
      write(dir, { Dockerfile: BAD_DOCKERFILE });
      git(dir, 'add', 'Dockerfile');
      writeFileSync(join(dir, 'Dockerfile'), GOOD_DOCKERFILE);
      const r = git(dir, 'commit', '-m', 'staged bad');
      expect(r.output).toContain('docker/pin-base-image');
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(GOOD_DOCKERFILE);
      git(dir, 'checkout', '-q', 'HEAD', '--', 'Dockerfile');
    });
  });
});
