// Path and content → artifact kinds. Path decides most; a peek at YAML/JSON content settles the rest
// (a Kubernetes manifest is any YAML with apiVersion + kind, wherever it lives).
import type { ArtifactKind } from './kinds.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const ext = (p: string) => {
  const b = base(p);
  const i = b.lastIndexOf('.');
  return i > 0 ? b.slice(i + 1).toLowerCase() : '';
};

const PACKAGE_MANIFESTS = new Set([
  'package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py', 'go.mod', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'Cargo.toml', 'Gemfile', 'composer.json', 'pnpm-lock.yaml',
  'package-lock.json', 'yarn.lock', 'poetry.lock', 'go.sum', 'Cargo.lock',
]);

/** `Dockerfile.<ext>` with one of these extensions is a source file, a document or data. */
const NOT_DOCKERFILE_EXT = new Set(['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'py', 'go', 'java', 'kt', 'rb', 'rs', 'php', 'cs', 'md', 'markdown', 'txt', 'json', 'yaml', 'yml', 'toml', 'html', 'snap']);

/** Classify by path alone. `peek` gives the first bytes when the path leaves it open. */
export function classify(path: string, peek: () => string): ArtifactKind[] {
  const kinds = new Set<ArtifactKind>();
  const b = base(path);
  const lower = b.toLowerCase();
  const e = ext(path);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';

  // Dockerfiles under any name (`Dockerfile.web`), but not code, docs or data about Dockerfiles
  // (`dockerfile.ts`, `Dockerfile.md`, `dockerfile.test.js`): those keep their own kinds.
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || ((lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) && !NOT_DOCKERFILE_EXT.has(e))) {
    kinds.add('dockerfile');
    return [...kinds];
  }
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return ['dockerignore'];
  if (b === 'CODEOWNERS' && (dir === '' || dir === '.github' || dir === 'docs')) return ['codeowners'];
  if (lower === 'security.md' && (dir === '' || dir === '.github' || dir === 'docs')) return ['security-policy', 'markdown'];
  if (lower === '.gitignore') return ['gitignore'];
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return ['env-file'];
  if (PACKAGE_MANIFESTS.has(b) && !(b.endsWith('.json') && false)) kinds.add('package-manifest');
  if (e === 'tf') return ['terraform', 'hcl'];
  if (lower.endsWith('.tfvars')) return ['tfvars', 'hcl'];
  if (e === 'hcl') return ['hcl'];
  if (e === 'sh' || e === 'bash') return ['shell'];
  if (e === 'md' || e === 'markdown') {
    kinds.add('markdown');
    if (/(^|\/)runbooks?\//i.test(path) || /runbook/i.test(b)) kinds.add('runbook');
    if (/(^|\/)docs\/(infrastructure|architecture)\//i.test(path) || /^architecture/i.test(b) || /(^|\/)adr\//i.test(path)) kinds.add('architecture-doc');
    if (path.includes('.agency/handoff/')) kinds.add('handoff');
    return [...kinds];
  }
  if (e === 'ts' || e === 'js' || e === 'mjs' || e === 'cjs' || e === 'tsx' || e === 'jsx') {
    if (!lower.endsWith('.d.ts')) return ['source-js'];
    return ['text'];
  }
  if (e === 'py') return ['source-py'];
  if (e === 'go') return ['source-go'];
  if (e === 'java' || e === 'kt') return ['source-java'];

  const isYaml = e === 'yaml' || e === 'yml';
  const isJson = e === 'json';

  if (isYaml) {
    kinds.add('yaml');
    if (/^\.github\/workflows\/[^/]+$/.test(path)) kinds.add('github-workflow');
    else if ((lower === 'action.yml' || lower === 'action.yaml')) kinds.add('github-action');
    else if (lower === '.gitlab-ci.yml' || /(^|\/)\.?gitlab-ci[^/]*\.ya?ml$/.test(lower) || (path.startsWith('.gitlab/') && /ci/.test(path))) kinds.add('gitlab-ci');
    else if (/^\.github\/dependabot\.ya?ml$/.test(path)) kinds.add('dependabot');
    else if (/^(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(lower)) kinds.add('compose');
    else if (lower === 'kustomization.yaml' || lower === 'kustomization.yml') kinds.add('kustomization');
    else if (lower === 'chart.yaml' || lower === 'chart.yml') kinds.add('helm-chart');
    else if (/(^|\/)templates\//.test(path) && isHelmChartDir(path)) {
      // Go templates are not YAML until rendered: not parsed, skipped with a note (values.yaml is read).
      kinds.delete('yaml');
      kinds.add('helm-template');
    }
    else if (/^values([.-][\w-]+)?\.ya?ml$/.test(lower) && isHelmChartDir(path)) kinds.add('helm-values');
    // .pre-commit-hooks.yaml is a manifest of the hooks a repository offers others, not hooks it runs.
    else if (lower === '.pre-commit-config.yaml') kinds.add('pre-commit-config');
    else if (lower === '.devops-audit.yaml' || lower === '.devops-audit.yml') kinds.add('devops-audit-config');
    else classifyYamlContent(path, peek(), kinds);
    return [...kinds];
  }
  if (isJson) {
    kinds.add('json');
    if (/^(\.github\/)?renovate\.json5?$/.test(path) || lower === '.renovaterc.json') kinds.add('renovate');
    else if (path.includes('.agency/handoff/')) kinds.add('handoff');
    else if (/(^|\/)ai-state\//.test(path)) kinds.add('ai-state');
    else if (/(^|\/)\.devops-stack\//.test(path)) { /* our own records */ }
    else {
      const head = peek();
      if (/"panels"\s*:/.test(head) && (/"schemaVersion"\s*:/.test(head) || /"uid"\s*:/.test(head) || /grafana/i.test(path))) kinds.add('grafana-dashboard');
      // A JSON Schema of Kubernetes objects names apiVersion and kind too, but describes them.
      else if (/"apiVersion"\s*:/.test(head) && /"kind"\s*:/.test(head) && !/"\$schema"\s*:\s*"https?:\/\/json-schema\.org\//.test(head)) kinds.add('kubernetes');
    }
    return [...kinds];
  }
  if (lower === '.renovaterc' || lower === 'renovate.json5') return ['renovate'];
  if (kinds.size) return [...kinds];
  return ['text'];
}

function isHelmChartDir(path: string): boolean {
  // Heuristic on path; the repository refines with the presence of Chart.yaml.
  return /(^|\/)(charts?|helm)\//.test(path) || /(^|\/)templates\//.test(path) || /^values/.test(base(path));
}

/** Content-based classification for YAML outside well-known paths. Reads only the first few KB. */
function classifyYamlContent(path: string, head: string, kinds: Set<ArtifactKind>): void {
  const topKeys = new Set<string>();
  for (const m of head.matchAll(/^([A-Za-z_][\w.-]*)\s*:/gm)) topKeys.add(m[1]);
  if (topKeys.has('apiVersion') && topKeys.has('kind')) {
    kinds.add('kubernetes');
    if (/^kind:\s*PrometheusRule\b/m.test(head)) kinds.add('prometheus-rules');
    return;
  }
  if (topKeys.has('scrape_configs') || (topKeys.has('global') && topKeys.has('rule_files'))) {
    kinds.add('prometheus-config');
    return;
  }
  if (topKeys.has('groups') && /^\s+(-\s+)?(alert|record)\s*:/m.test(head)) {
    kinds.add('prometheus-rules');
    return;
  }
  if (topKeys.has('route') && topKeys.has('receivers')) {
    kinds.add('alertmanager-config');
    return;
  }
  if ((topKeys.has('datasources') || topKeys.has('providers')) && topKeys.has('apiVersion')) {
    kinds.add('grafana-provisioning');
    return;
  }
  if (/grafana\/provisioning\//.test(path)) {
    kinds.add('grafana-provisioning');
    return;
  }
  if (topKeys.has('receivers') && topKeys.has('service') && topKeys.has('exporters')) {
    kinds.add('log-collector-config'); // OpenTelemetry Collector
    return;
  }
  if ((topKeys.has('scrape_configs') && topKeys.has('clients')) || topKeys.has('positions') || /(promtail|fluent|vector|loki|otel)/i.test(base(path))) {
    kinds.add('log-collector-config');
    return;
  }
  if (topKeys.has('stages') && (topKeys.has('include') || /\n\s+script\s*:/.test(head))) kinds.add('gitlab-ci');
}
