import { defineRule } from '../../src/audit/load-rules.js';

const LOCKS: Record<string, string[]> = {
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'],
  Pipfile: ['Pipfile.lock'],
  'pyproject.toml': ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'requirements.txt', 'requirements.lock'],
  'go.mod': ['go.sum'],
  Gemfile: ['Gemfile.lock'],
  'composer.json': ['composer.lock'],
};

/** Does the manifest declare dependencies at all? (a manifest without any needs no lockfile) */
function declaresDependencies(name: string, text: string): boolean {
  switch (name) {
    case 'package.json': {
      try {
        const v = JSON.parse(text) as Record<string, unknown>;
        return ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => v[k] && typeof v[k] === 'object' && Object.keys(v[k] as object).length > 0);
      } catch {
        return false;
      }
    }
    case 'go.mod':
      return /^\s*require\b/m.test(text);
    case 'pyproject.toml':
      return /^\s*dependencies\s*=\s*\[\s*["']/m.test(text) || /^\[tool\.poetry\.dependencies\]/m.test(text);
    default:
      return text.trim().length > 0;
  }
}

export default defineRule({
  meta: {
    id: 'repository/lockfile',
    title: 'Dependency manifests have a committed lockfile',
    description:
      'Without a lockfile every install resolves version ranges again: CI and production get whatever was published that day, builds stop being reproducible, and a compromised release is pulled in automatically. The lockfile also lets dependency audits and update bots see exact versions.',
    remediation: 'Generate and commit the lockfile (`npm install` → `package-lock.json`, `poetry lock`, `uv lock`, `go mod tidy` → `go.sum`, `bundle lock`, `composer update --lock`), and install from it in CI (`npm ci`).',
    checklistItem: 'operations.dependency-updates',
    severity: 'medium',
    artifacts: ['package-manifest'],
    examples: {
      fail: [
        { path: 'package.json', code: '{\n  "name": "app",\n  "dependencies": {"express": "^4.19.2"}\n}\n' },
        { path: 'go.mod', code: 'module example.com/app\n\ngo 1.23\n\nrequire github.com/prometheus/client_golang v1.20.0\n' },
      ],
      pass: [
        { path: 'package.json', code: '{"dependencies": {"express": "^4.19.2"}}\n', files: { 'package-lock.json': '{"lockfileVersion": 3}\n' } },
        { path: 'packages/api/package.json', code: '{"dependencies": {"express": "^4.19.2"}}\n', files: { 'pnpm-lock.yaml': 'lockfileVersion: "9.0"\n', 'package.json': '{"private": true}\n' }, note: 'a workspace lockfile at the root' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    const name = a.path.slice(a.path.lastIndexOf('/') + 1);
    const locks = LOCKS[name];
    if (!locks || /(^|\/)(node_modules|vendor|testdata|fixtures?)\//.test(a.path)) return;
    if (!declaresDependencies(name, a.text)) return;
    // The lockfile may sit next to the manifest or at a workspace root above it.
    const parts = a.path.split('/').slice(0, -1);
    for (let i = parts.length; i >= 0; i--) {
      const dir = parts.slice(0, i).join('/');
      const found = locks.find((l) => ctx.repo.exists(dir ? `${dir}/${l}` : l));
      if (found) {
        ctx.evidence(`\`${a.path}\` is locked by \`${dir ? `${dir}/` : ''}${found}\``, { at: { line: 1 } });
        return;
      }
      if (name !== 'package.json') break;
    }
    ctx.report({ at: { line: 1 }, message: `\`${a.path}\` has no lockfile (${locks.slice(0, 3).map((l) => `\`${l}\``).join(', ')}…): generate and commit one, and install from it in CI` });
  },
});
