import picomatch from 'picomatch';
import { defineRule } from '../../src/audit/load-rules.js';
import type { Repository } from '../../src/repo/repository.js';
import { asMap, asSeq, get, getStr, items, strings } from '../../src/rules-kit/yaml-nodes.js';
import { dirOf } from '../../src/rules-kit/repo-paths.js';

const MANIFEST_ECOSYSTEM: Array<[RegExp, string]> = [
  [/^package\.json$/, 'npm'],
  [/^(requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|setup\.py)$/, 'pip'],
  [/^go\.mod$/, 'gomod'],
  [/^pom\.xml$/, 'maven'],
  [/^build\.gradle(\.kts)?$/, 'gradle'],
  [/^Cargo\.toml$/, 'cargo'],
  [/^Gemfile$/, 'bundler'],
  [/^composer\.json$/, 'composer'],
];

// Renovate manager names → Dependabot ecosystem names.
const RENOVATE_MANAGER: Record<string, string> = {
  npm: 'npm', 'pip_requirements': 'pip', 'pip-compile': 'pip', pep621: 'pip', poetry: 'pip', pipenv: 'pip', setuptools: 'pip', gomod: 'gomod', maven: 'maven',
  gradle: 'gradle', cargo: 'cargo', bundler: 'bundler', composer: 'composer', dockerfile: 'docker', 'docker-compose': 'docker', 'github-actions': 'github-actions', terraform: 'terraform',
};

/** Ecosystem → directories (with leading `/`) where the repository has something to update. */
export function ecosystemsPresent(repo: Repository): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (eco: string, path: string) => {
    const dir = `/${dirOf(path)}`;
    let s = out.get(eco);
    if (!s) out.set(eco, (s = new Set()));
    s.add(dir);
  };
  for (const a of repo.artifacts) {
    if (/(^|\/)(node_modules|vendor|testdata|fixtures?|examples?)\//.test(a.path)) continue;
    const b = a.path.slice(a.path.lastIndexOf('/') + 1);
    for (const [re, eco] of MANIFEST_ECOSYSTEM) if (re.test(b)) add(eco, a.path);
    if (a.is('dockerfile')) add('docker', a.path);
    if (a.is('terraform')) add('terraform', a.path);
  }
  if (repo.has('github-workflow') || repo.has('github-action')) out.set('github-actions', new Set(['/']));
  return out;
}

function dirCovered(dir: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    const norm = p === '/' ? '/' : `/${p.replace(/^\/+|\/+$/g, '')}`;
    if (norm === dir) return true;
    if (/[*?{]/.test(norm)) return picomatch(norm, { dot: true })(dir);
    return false;
  });
}

export default defineRule({
  meta: {
    id: 'repository/dependency-updates',
    title: 'Dependabot or Renovate updates every ecosystem in the repository',
    description:
      'Dependencies, base images and pinned actions age into known vulnerabilities. An update bot opens the pull requests that keep them current — but only for the ecosystems and directories it is told about; an unlisted Dockerfile or `github-actions` entry never gets an update, which matters most when actions are pinned by SHA.',
    remediation:
      'Add `.github/dependabot.yml` with one `updates` entry per ecosystem and directory (`npm` at `/`, `docker` where each Dockerfile is, `github-actions` at `/`, `terraform` per module …), or a `renovate.json` (Renovate covers every manager unless `enabledManagers` limits it).',
    checklistItem: 'operations.dependency-updates',
    severity: 'medium',
    artifacts: ['dependabot', 'renovate', 'package-manifest'],
    scope: 'repository',
    equivalents: ['scorecard:Dependency-Update-Tool'],
    examples: {
      fail: [
        { path: 'package.json', code: '{"dependencies":{"express":"^4.19.2"}}\n', note: 'no update bot' },
        {
          path: '.github/dependabot.yml',
          code: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
          files: { 'package.json': '{}\n', Dockerfile: 'FROM node:20.11.1-slim\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n' },
          note: 'the Dockerfile and the pinned actions are never updated',
        },
      ],
      pass: [
        {
          path: '.github/dependabot.yml',
          code:
            'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: {interval: weekly}\n  - package-ecosystem: docker\n    directories: ["/", "/services/*"]\n    schedule: {interval: weekly}\n  - package-ecosystem: github-actions\n    directory: /\n    schedule: {interval: weekly}\n',
          files: { 'package.json': '{}\n', Dockerfile: 'FROM node:20.11.1-slim\n', 'services/api/Dockerfile': 'FROM node:20.11.1-slim\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n' },
        },
        { path: 'renovate.json', code: '{"extends": ["config:recommended"]}\n', files: { 'go.mod': 'module x\n', Dockerfile: 'FROM golang:1.23.1\n' } },
      ],
    },
  },
  check(ctx) {
    const present = ecosystemsPresent(ctx.repo);
    const dependabot = ctx.repo.ofKind('dependabot')[0];
    const renovate = ctx.repo.ofKind('renovate')[0];
    const pkg = ctx.repo.get('package.json');
    let renovateInPkg = false;
    if (pkg && !renovate) {
      try {
        renovateInPkg = typeof (JSON.parse(pkg.text) as { renovate?: unknown }).renovate === 'object';
      } catch {
        /* parse errors are reported elsewhere */
      }
    }
    if (renovate || renovateInPkg) {
      const file = renovate ?? pkg!;
      let managers: string[] | undefined;
      try {
        const v = JSON.parse(file.text) as { enabledManagers?: unknown; renovate?: { enabledManagers?: unknown } };
        const em = renovate ? v.enabledManagers : v.renovate?.enabledManagers;
        if (Array.isArray(em)) managers = em.map(String);
      } catch {
        /* JSON5 or invalid: Renovate's defaults apply */
      }
      const covered = managers ? new Set(managers.map((m) => RENOVATE_MANAGER[m]).filter(Boolean)) : undefined;
      const missing = covered ? [...present.keys()].filter((e) => !covered.has(e)) : [];
      ctx.evidence(`\`${file.path}\` configures Renovate${managers ? ` for ${managers.join(', ')}` : ' (every manager)'}`, { file: file.path, at: { line: 1 } });
      if (missing.length) ctx.report({ file: file.path, at: { line: 1 }, message: `Renovate's \`enabledManagers\` leaves out ${missing.join(', ')}: add their managers` });
      return;
    }
    if (!dependabot) {
      if (present.size) ctx.report({ file: '.', message: `no Dependabot or Renovate configuration: add \`.github/dependabot.yml\` with updates for ${[...present.keys()].join(', ')}` });
      else ctx.report({ file: '.', severity: 'low', message: 'no Dependabot or Renovate configuration: add one when the repository gets dependencies' });
      return;
    }
    const doc = dependabot.yaml.docs[0];
    if (!doc || doc.errors.length) return;
    const root = asMap(doc, doc.contents);
    const updatesNode = get(doc, root, 'updates');
    const entries = items(doc, updatesNode).map((n) => {
      const m = asMap(doc, n);
      const dirs = [...strings(doc, get(doc, m, 'directory')), ...strings(doc, get(doc, m, 'directories'))];
      return { eco: getStr(doc, m, 'package-ecosystem') ?? '', dirs, node: m };
    });
    const missing: string[] = [];
    const covered: string[] = [];
    for (const [eco, dirs] of present) {
      const cfg = entries.filter((e) => e.eco === eco || (eco === 'pip' && ['pip', 'uv', 'poetry'].includes(e.eco)));
      for (const dir of dirs) {
        if (cfg.some((e) => dirCovered(dir, e.dirs))) covered.push(`${eco} ${dir}`);
        else missing.push(`\`${eco}\` in \`${dir}\``);
      }
    }
    if (covered.length || entries.length) ctx.evidence(`\`${dependabot.path}\` updates ${covered.length ? covered.join(', ') : entries.map((e) => e.eco).join(', ')}`, { file: dependabot.path, at: asSeq(doc, updatesNode) ?? { line: 1 } });
    if (missing.length) {
      ctx.report({ file: dependabot.path, at: asSeq(doc, updatesNode) ?? keyOrTop(), message: `Dependabot does not update ${missing.join(', ')}: add an \`updates\` entry for each` });
    }
    function keyOrTop() {
      return { line: 1 };
    }
  },
});
