// What each CI step does: build, test, lint, scans of each kind, deploy, rollback, health check,
// release — read from `uses:` action names and from the shell commands of `run:`/`script:` (npm
// scripts and repository scripts they call are followed one level). Cached per Repository.
import type { At } from '../audit/types.js';
import type { Repository } from '../repo/repository.js';
import { commands as shCommands, parseShell } from '../repo/parsers/shell.js';
import { unquote } from './ci-script.js';
import { ciModel, commandAt, type CiJob, type CiStep } from './ci-model.js';
import { actionName } from './workflows.js';

export type Activity =
  | 'build'
  | 'image-build'
  | 'image-push'
  | 'test'
  | 'lint'
  | 'format'
  | 'typecheck'
  | 'dep-audit'
  | 'sast'
  | 'image-scan'
  | 'iac-scan'
  | 'secret-scan'
  | 'deploy'
  | 'rollback'
  | 'auto-rollback'
  | 'health-check'
  | 'release'
  | 'versioned-tag';

export interface Found {
  activity: Activity;
  /** What was seen, for messages: "`npm test`", "`github/codeql-action/analyze`". */
  what: string;
  job: CiJob;
  step?: CiStep;
  file: string;
  at: At;
  /** The argv when it came from a command. */
  args?: string[];
}

type Hit = { activity: Activity; what?: string };

// ---------------------------------------------------------------------------------------------
// Commands

// Common wrappers, including the shell functions scripts define to log or dry-run a command.
const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nohup', 'command', 'xvfb-run', 'eval', 'run', 'retry', 'with_retry', 'dry_run', 'dryrun', 'must', 'try', 'xtrace', 'log_run', 'run_cmd']);
const RUNNERS: Array<[string, string?]> = [
  ['npx'], ['bunx'], ['pnpx'], ['uvx'], ['pnpm', 'exec'], ['pnpm', 'dlx'], ['yarn', 'dlx'], ['yarn', 'exec'], ['npm', 'exec'], ['pipx', 'run'], ['poetry', 'run'],
  ['pipenv', 'run'], ['uv', 'run'], ['bundle', 'exec'], ['hatch', 'run'], ['pdm', 'run'], ['rye', 'run'], ['go', 'run'],
];

/** argv with wrappers (`sudo`, `env X=1`, `npx`, `python -m`, `timeout 60`) removed. */
export function normaliseArgv(argv: string[]): string[] {
  let a = argv.map(unquote);
  for (let i = 0; i < 6 && a.length; i++) {
    const h = base(a[0]);
    if (WRAPPERS.has(h)) a = a.slice(1);
    else if (h === 'env') {
      a = a.slice(1);
      while (a.length && (/^\w+=/.test(a[0]) || a[0].startsWith('-'))) a = a.slice(1);
    } else if (h === 'timeout') a = a.slice(1).filter((x, k) => k > 0 || !/^\d/.test(x));
    else if ((h === 'python' || h === 'python3') && a[1] === '-m') a = a.slice(2);
    else {
      const r = RUNNERS.find(([c, sub]) => h === c && (!sub || a[1] === sub));
      if (!r) break;
      a = a.slice(r[1] ? 2 : 1);
      while (a.length && a[0].startsWith('-')) a = a.slice(a[0] === '-p' || a[0] === '--package' ? 2 : 1);
      // go run pkg@version: the package path names the tool.
      if (a.length) a[0] = a[0].replace(/@[^/]*$/, '');
    }
  }
  return a;
}

function base(p: string): string {
  return p.replace(/^.*\//, '');
}

const has = (a: string[], ...flags: string[]) => a.some((x) => flags.some((f) => x === f || x.startsWith(`${f}=`)));

/** Classify one normalised command (no recursion into scripts). */
function classifyArgv(a: string[]): Hit[] {
  if (!a.length) return [];
  // A dry run, a diff or a plan changes nothing: not a deploy.
  if (a.some((x) => /^--dry-run(=(client|server|true))?$|^--server-dry-run$|^--plan$/.test(x))) return [];
  const tool = base(a[0]).toLowerCase();
  const sub = (a[1] ?? '').toLowerCase();
  const sub2 = (a[2] ?? '').toLowerCase();
  const out: Hit[] = [];
  const add = (activity: Activity) => out.push({ activity });

  // Package-manager scripts are classified by name here; their bodies by the caller.
  if (['npm', 'yarn', 'pnpm', 'bun'].includes(tool)) {
    const script = sub === 'run' || sub === 'run-script' ? sub2 : sub;
    if (['test', 't', 'tst'].includes(sub) || /^test/.test(script)) add('test');
    if (/^(lint|eslint)/.test(script)) add('lint');
    if (/^(format|fmt|prettier)/.test(script) && /check|:ci|verify/.test(script + (a[3] ?? ''))) add('format');
    if (/^(typecheck|type-check|check-types|types|tsc)/.test(script)) add('typecheck');
    if (/^build/.test(script)) add('build');
    if (sub === 'audit' || (tool === 'yarn' && sub === 'npm' && sub2 === 'audit')) add('dep-audit');
    if (/^(smoke|test:smoke|healthcheck|health)/.test(script)) add('health-check');
    if (sub === 'publish' || sub === 'version' || /^release/.test(script)) add('release');
    if (/^deploy/.test(script)) add('deploy');
    if (/^rollback/.test(script)) add('rollback');
    return out;
  }
  switch (tool) {
    case 'jest': case 'vitest': case 'mocha': case 'ava': case 'karma': case 'pytest': case 'tox': case 'nox': case 'rspec':
    case 'phpunit': case 'ctest': case 'bats': case 'cucumber-js': case 'nyc': case 'c8':
      add('test'); break;
    case 'playwright': case 'cypress':
      if (sub === 'test' || sub === 'run') add('test'); break;
    case 'unittest': add('test'); break;
    case 'go':
      if (sub === 'test') add('test');
      if (sub === 'build') add('build');
      if (sub === 'vet') add('lint');
      if (sub === 'fmt') add('format');
      break;
    case 'cargo':
      if (sub === 'test' || sub === 'nextest') add('test');
      if (sub === 'build') add('build');
      if (sub === 'clippy') add('lint');
      if (sub === 'fmt' && has(a, '--check')) add('format');
      if (sub === 'audit' || sub === 'deny') add('dep-audit');
      if (sub === 'publish') add('release');
      break;
    case 'mvn': case 'mvnw': case 'gradle': case 'gradlew': {
      const goals = a.slice(1).map((x) => x.toLowerCase());
      if (goals.some((g) => ['test', 'verify', 'check', 'install', 'build', 'integrationtest'].includes(g))) add('test');
      if (goals.some((g) => ['package', 'install', 'build', 'assemble', 'bootjar', 'jar', 'verify'].includes(g))) add('build');
      if (goals.some((g) => /checkstyle|spotbugs|pmd|detekt|ktlint|lint/.test(g))) add('lint');
      if (goals.some((g) => /spotless(check|:check)|fmt:check/.test(g))) add('format');
      if (goals.some((g) => /dependency-check|dependencycheck|ossindex/.test(g))) add('dep-audit');
      break;
    }
    case 'dotnet':
      if (sub === 'test') add('test');
      if (sub === 'build' || sub === 'publish') add('build');
      if (sub === 'format') add('format');
      if (sub === 'list' && has(a, '--vulnerable')) add('dep-audit');
      break;
    case 'make': case 'just': case 'task': {
      const targets = a.slice(1).filter((x) => !x.startsWith('-') && !x.includes('='));
      if (!targets.length) add('build');
      for (const t of targets) {
        // Target names are words joined by `-`, `_` or `:` (`parallel_test_execute`, `test:unit`, `docker-build`).
        const words = t.toLowerCase().split(/[-_:./]/);
        if (words.some((w) => ['test', 'tests', 'check', 'unit', 'integration', 'e2e', 'spec', 'specs'].includes(w))) add('test');
        if (words.some((w) => ['build', 'all', 'image', 'images', 'docker', 'compile', 'dist'].includes(w))) add('build');
        if (words.some((w) => ['lint', 'vet', 'codequality', 'staticcheck'].includes(w))) add('lint');
        if (/^(fmt-check|format-check|check-format)/.test(t)) add('format');
        if (/^(typecheck|type-check|mypy)/.test(t)) add('typecheck');
        if (/^(deploy)/.test(t)) add('deploy');
        if (/^(rollback)/.test(t)) add('rollback');
        if (/^(smoke|health)/.test(t)) add('health-check');
        if (/^(audit|scan|security)/.test(t)) add('dep-audit');
        if (/^release/.test(t)) add('release');
      }
      break;
    }
    case 'deno':
      if (sub === 'test') add('test');
      if (sub === 'lint') add('lint');
      if (sub === 'fmt' && has(a, '--check')) add('format');
      if (sub === 'check') add('typecheck');
      break;
    case 'docker': case 'podman': case 'buildah': case 'nerdctl': {
      const verb = sub === 'buildx' || sub === 'image' || sub === 'compose' ? sub2 : sub;
      if (verb === 'build' || verb === 'bud' || verb === 'bake') {
        add('build');
        add('image-build');
        if (has(a, '--push')) add('image-push');
      }
      if (verb === 'push') add('image-push');
      if (sub === 'scout' && /cves|quickview|recommendations/.test(sub2)) add('image-scan');
      if (sub === 'stack' && sub2 === 'deploy') add('deploy');
      break;
    }
    case 'docker-compose':
      if (sub === 'build') { add('build'); add('image-build'); }
      break;
    case 'executor': case 'kaniko':
      add('build'); add('image-build'); if (!has(a, '--no-push')) add('image-push'); break;
    case 'ko':
      if (sub === 'build' || sub === 'publish' || sub === 'apply' || sub === 'resolve') { add('build'); add('image-build'); add('image-push'); }
      break;
    case 'pack': case 'bazel': case 'bazelisk':
      if (sub === 'build') add('build');
      if (sub === 'test') add('test');
      break;
    case 'crane': case 'skopeo':
      if (sub === 'push' || sub === 'copy' || sub === 'cp' || sub === 'tag') add('image-push');
      break;
    case 'tsc': case 'vue-tsc':
      if (has(a, '--noEmit', '--noemit')) add('typecheck');
      else add('build');
      break;
    case 'mypy': case 'pyright': case 'basedpyright': case 'phpstan': case 'psalm': case 'pytype':
      add('typecheck'); break;
    case 'flow':
      if (sub === 'check' || !sub) add('typecheck'); break;
    case 'eslint': case 'oxlint': case 'standard': case 'xo': case 'flake8': case 'pylint': case 'golangci-lint': case 'staticcheck':
    case 'revive': case 'golint': case 'rubocop': case 'shellcheck': case 'hadolint': case 'yamllint': case 'actionlint': case 'markdownlint':
    case 'markdownlint-cli2': case 'tflint': case 'kubeconform': case 'kubeval': case 'ktlint': case 'detekt': case 'stylelint': case 'phpcs':
    case 'sqlfluff': case 'htmlhint': case 'pycodestyle': case 'pydocstyle': case 'swiftlint': case 'buf': case 'commitlint': case 'lint-staged':
      add('lint'); break;
    case 'ruff':
      if (sub === 'format') { if (has(a, '--check', '--diff')) add('format'); } else add('lint');
      break;
    case 'biome':
      if (sub === 'format') add('format'); else add('lint');
      break;
    case 'prettier':
      if (has(a, '--check', '-c', '--list-different', '-l')) add('format'); break;
    case 'black': case 'isort':
      if (has(a, '--check', '--diff', '--check-only')) add('format'); break;
    case 'gofmt':
      if (has(a, '-l', '-d')) add('format'); break;
    case 'shfmt':
      if (has(a, '-d', '-l')) add('format'); break;
    case 'pre-commit': case 'prek':
      if (sub === 'run') add('lint'); break;
    case 'terraform': case 'tofu': case 'terragrunt':
      if (sub === 'fmt' && has(a, '-check', '--check')) add('format');
      if (sub === 'validate') add('lint');
      if (sub === 'apply' || sub === 'run-all' && sub2 === 'apply') add('deploy');
      break;
    case 'helm':
      if (sub === 'lint') add('lint');
      if (sub === 'upgrade' || sub === 'install') {
        add('deploy');
        if (has(a, '--atomic', '--rollback-on-failure')) add('auto-rollback');
      }
      if (sub === 'rollback') add('rollback');
      if (sub === 'test') add('health-check');
      break;
    case 'helmfile':
      if (sub === 'apply' || sub === 'sync' || sub === 'deploy') add('deploy'); break;
    case 'kubectl': case 'oc': {
      if (sub === 'apply' || sub === 'create' || sub === 'replace' || (sub === 'set' && sub2 === 'image')) add('deploy');
      if (sub === 'rollout' && sub2 === 'undo') add('rollback');
      if (sub === 'rollout' && sub2 === 'status') add('health-check');
      if (sub === 'wait') add('health-check');
      if (sub === 'argo' && sub2 === 'rollouts') {
        const v = (a[3] ?? '').toLowerCase();
        if (v === 'abort' || v === 'undo') add('rollback');
        if (v === 'status') add('health-check');
        if (v === 'set' || v === 'promote') add('deploy');
      }
      break;
    }
    case 'kubectl-argo-rollouts':
      if (sub === 'abort' || sub === 'undo') add('rollback');
      if (sub === 'promote' || sub === 'set') add('deploy');
      if (sub === 'status') add('health-check');
      break;
    case 'argocd':
      if (sub === 'app' && (sub2 === 'sync' || sub2 === 'set')) add('deploy');
      if (sub === 'app' && sub2 === 'rollback') add('rollback');
      if (sub === 'app' && sub2 === 'wait') add('health-check');
      break;
    case 'kustomize': case 'skaffold':
      if (sub === 'run' || sub === 'deploy') add('deploy'); break;
    case 'pulumi':
      if (sub === 'up') add('deploy'); break;
    case 'cdk': case 'sam': case 'serverless': case 'sls': case 'flyctl': case 'fly': case 'netlify': case 'copilot': case 'kamal': case 'wrangler':
    case 'railway': case 'cap': case 'ecs-deploy':
      if (['deploy', 'up', 'publish'].includes(sub) || tool === 'ecs-deploy') add('deploy');
      if (sub === 'rollback' || (sub === 'releases' && sub2 === 'rollback') || (sub === 'deploy:rollback')) add('rollback');
      break;
    case 'vercel':
      if (sub === 'rollback') add('rollback'); else if (sub === 'deploy' || has(a, '--prod') || !sub) add('deploy');
      break;
    case 'heroku':
      if (sub === 'rollback') add('rollback');
      if (sub === 'container:release' || sub === 'releases:rollback') add(sub.includes('rollback') ? 'rollback' : 'deploy');
      break;
    case 'aws': {
      if (sub === 'ecs' && (sub2 === 'update-service' || sub2 === 'deploy')) add('deploy');
      if (sub === 'ecs' && sub2 === 'wait') add('health-check');
      if (sub === 'deploy' && sub2 === 'create-deployment') add('deploy');
      if (sub === 'deploy' && sub2 === 'stop-deployment') add('rollback');
      if (sub === 'lambda' && (sub2 === 'update-function-code' || sub2 === 'update-alias')) add('deploy');
      if (sub === 'cloudformation' && (sub2 === 'deploy' || sub2 === 'update-stack')) add('deploy');
      if (sub === 'cloudformation' && sub2 === 'rollback-stack') add('rollback');
      if (sub === 'ecr' && sub2 === 'start-image-scan') add('image-scan');
      break;
    }
    case 'gcloud': {
      const rest = a.slice(1).join(' ');
      if (/\b(run|app|functions) (services )?deploy\b/.test(rest) || /\bdeploy releases create\b/.test(rest)) add('deploy');
      if (/\brun services update-traffic\b/.test(rest)) add('rollback');
      if (/\bdeploy targets rollback\b/.test(rest)) add('rollback');
      break;
    }
    case 'az': {
      const rest = a.slice(1).join(' ');
      if (/\b(webapp (deploy|up)|containerapp (update|up)|functionapp deployment|deployment group create)\b/.test(rest)) add('deploy');
      if (/\bdeployment slot swap\b/.test(rest)) add('deploy');
      break;
    }
    case 'curl': case 'wget': case 'http': case 'httpie': case 'xh': {
      const url = a.slice(1).find((x) => /^https?:\/\/|\$\{?\w*(URL|HOST)\b/i.test(x) || /\$\{\{.*url/i.test(x));
      if (!url) break;
      const fails = tool === 'curl' ? a.slice(1).some((x) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(x) || x === '--fail' || x === '--fail-with-body') : true;
      if (fails || /health|ready|live|status|smoke|ping/i.test(url)) add('health-check');
      break;
    }
    case 'k6': case 'newman': case 'hurl':
      if (sub === 'run' || tool === 'hurl' || tool === 'newman') add('health-check'); break;
    // Security scanners
    case 'pip-audit': case 'safety': case 'govulncheck': case 'bundle-audit': case 'bundler-audit': case 'osv-scanner': case 'audit-ci':
    case 'better-npm-audit': case 'retire': case 'dependency-check': case 'dependency-check.sh': case 'nancy': case 'npm-audit-resolver':
      add('dep-audit'); break;
    case 'composer':
      if (sub === 'audit') add('dep-audit'); break;
    case 'bundle':
      if (sub === 'audit') add('dep-audit'); break;
    case 'snyk':
      if (sub === 'container') add('image-scan');
      else if (sub === 'iac') add('iac-scan');
      else if (sub === 'code') add('sast');
      else if (sub === 'test' || sub === 'monitor') add('dep-audit');
      break;
    case 'trivy': {
      const scanners = a.find((x) => x.startsWith('--scanners') || x.startsWith('--security-checks'));
      const sv = scanners ? (scanners.includes('=') ? scanners : `${scanners}=${a[a.indexOf(scanners) + 1] ?? ''}`) : '';
      if (sub === 'image' || sub === 'i') add('image-scan');
      else if (sub === 'config' || sub === 'conf' || sub === 'iac') add('iac-scan');
      else if (['fs', 'filesystem', 'repo', 'repository', 'rootfs', 'sbom'].includes(sub)) {
        if (!sv || /vuln/.test(sv)) add('dep-audit');
        if (/misconfig|config/.test(sv)) add('iac-scan');
      }
      if (/secret/.test(sv)) add('secret-scan');
      break;
    }
    case 'grype':
      if (a.slice(1).some((x) => /^(dir|sbom|file):/.test(x))) add('dep-audit');
      else if (a.length > 1) add('image-scan');
      break;
    case 'dockle': add('image-scan'); break;
    case 'semgrep': case 'bandit': case 'gosec': case 'brakeman': case 'codeql': case 'njsscan': case 'sonar-scanner': case 'horusec':
    case 'flawfinder': case 'bearer': case 'opengrep': case 'spotbugs':
      add('sast'); break;
    case 'checkov': case 'tfsec': case 'kics': case 'terrascan': case 'kube-linter': case 'kube-score': case 'polaris': case 'kubesec': case 'regula':
    case 'conftest':
      add('iac-scan'); break;
    case 'gitleaks': case 'trufflehog': case 'detect-secrets': case 'ggshield': case 'git-secrets': case 'talisman': case 'secretlint': case 'noseyparker':
    case 'detect-secrets-hook':
      add('secret-scan'); break;
    // Release tooling
    case 'semantic-release': case 'release-please': case 'goreleaser': case 'standard-version': case 'release-it': case 'changeset':
    case 'changesets': case 'auto': case 'cz': case 'twine': case 'git-cliff': case 'conventional-changelog':
      if (tool !== 'changeset' || sub === 'version' || sub === 'publish') add('release');
      break;
    case 'gh':
      if (sub === 'release' && sub2 === 'create') add('release'); break;
    case 'lerna':
      if (sub === 'publish' || sub === 'version') add('release'); break;
    case 'poetry': case 'uv': case 'hatch': case 'flit':
      if (sub === 'publish') add('release');
      if (sub === 'build') add('build');
      break;
    case 'build': add('build'); break;
    default:
      break;
  }
  return out;
}

/** Activities a repository script implies by its name (`scripts/rollback.sh`). */
function scriptNameHits(path: string): Hit[] {
  const b = base(path).toLowerCase();
  const out: Hit[] = [];
  if (/rollback|roll-back|revert|undo/.test(b)) out.push({ activity: 'rollback' });
  if (/health|smoke|verify-deploy|readiness/.test(b)) out.push({ activity: 'health-check' });
  if (/deploy|release-to|promote/.test(b) && !/rollback/.test(b)) out.push({ activity: 'deploy' });
  if (/^(run-)?tests?([._-]|$)/.test(b)) out.push({ activity: 'test' });
  if (/^lint([._-]|$)|codequality|code-quality|static-?analysis/.test(b)) out.push({ activity: 'lint' });
  if (/^build([._-]|$)/.test(b)) out.push({ activity: 'build' });
  return out;
}

interface Ctx {
  repo: Repository;
  pkgScripts?: Record<string, string> | null;
  /** Classified commands by depth and argv, and each script file's commands: scripts are called from many jobs. */
  memo?: Map<string, Hit[]>;
  scriptCommands?: Map<string, Array<{ args: string[]; offset: number; end: number }>>;
}

const ctxOf = new WeakMap<Repository, Ctx>();
function context(repo: Repository): Ctx {
  let c = ctxOf.get(repo);
  if (!c) ctxOf.set(repo, (c = { repo, memo: new Map(), scriptCommands: new Map() }));
  return c;
}

function fileCommands(ctx: Ctx, path: string): Array<{ args: string[]; offset: number; end: number }> {
  let list = ctx.scriptCommands?.get(path);
  if (!list) {
    const s = ctx.repo.get(path);
    list = s && s.is('shell') && s.skipped === undefined ? s.shellCommands() : [];
    ctx.scriptCommands?.set(path, list);
  }
  return list;
}

function packageScripts(ctx: Ctx): Record<string, string> {
  if (ctx.pkgScripts === undefined) {
    ctx.pkgScripts = null;
    const a = ctx.repo.get('package.json');
    if (a && a.skipped === undefined) {
      try {
        const v = JSON.parse(a.text) as { scripts?: Record<string, string> };
        if (v.scripts && typeof v.scripts === 'object') ctx.pkgScripts = v.scripts;
      } catch {
        /* unparsable package.json is core/parse-error's business */
      }
    }
  }
  return ctx.pkgScripts ?? {};
}

/** Classify a command, following npm scripts and repository shell scripts one level. */
function classifyCommand(ctx: Ctx, argv: string[], depth = 0, dir = ''): Hit[] {
  const key = `${depth}\0${dir}\0${argv.join('\0')}`;
  const hit = ctx.memo?.get(key);
  if (hit) return hit;
  const out = classifyCommandUncached(ctx, argv, depth, dir);
  ctx.memo?.set(key, out);
  return out;
}

// `"$(dirname "${BASH_SOURCE[0]}")/x.sh"`, `"$SCRIPT_DIR/x.sh"`: a path relative to the calling script.
const SELF_DIR = /^(\$\(dirname \$\{?(BASH_SOURCE(\[0\])?|0)\}?\)|\$\{BASH_SOURCE%\/\*\}|\$\{?(SCRIPT_DIR|SCRIPTDIR|SCRIPTS_DIR|DIR|HERE)\}?)\//;

function resolvePath(path: string, dir: string): string {
  const p = SELF_DIR.test(path) ? `${dir ? `${dir}/` : ''}${path.replace(SELF_DIR, '')}` : path;
  const out: string[] = [];
  for (const part of p.replace(/^\.\//, '').replace(/^\$\{?(GITHUB_WORKSPACE|CI_PROJECT_DIR)\}?\//, '').split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function classifyCommandUncached(ctx: Ctx, argv: string[], depth: number, dir: string): Hit[] {
  const a = normaliseArgv(argv);
  if (!a.length) return [];
  const hits = classifyArgv(a);
  const tool = base(a[0]).toLowerCase();
  if (depth < 2 && ['npm', 'yarn', 'pnpm', 'bun'].includes(tool)) {
    const sub = a[1] ?? '';
    const name = sub === 'run' || sub === 'run-script' ? a[2] : ['test', 't'].includes(sub) ? 'test' : sub;
    const body = name ? packageScripts(ctx)[name] : undefined;
    if (body) {
      const parsed = parseShell(body, 'package.json');
      for (const c of shCommands(parsed.file, body)) {
        for (const h of classifyCommand(ctx, c.args, depth + 1)) hits.push({ activity: h.activity, what: `${name} → ${h.what ?? normaliseArgv(c.args).slice(0, 4).join(' ')}` });
      }
    }
  }
  // A repository script: `./scripts/x.sh`, `bash scripts/x.sh`, `sh -c`-less forms.
  let scriptPath: string | undefined;
  if (/\.(sh|bash)$/.test(a[0]) || a[0].startsWith('./') || a[0].includes('/')) scriptPath = a[0];
  else if (['bash', 'sh', 'zsh', 'source', '.'].includes(tool) && a[1] && !a[1].startsWith('-')) scriptPath = a[1];
  if (scriptPath && depth < 2) {
    const path = resolvePath(scriptPath, dir);
    for (const h of scriptNameHits(path)) hits.push({ activity: h.activity, what: `\`${path}\`` });
    const here = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    for (const c of fileCommands(ctx, path)) {
      for (const h of classifyCommand(ctx, c.args, depth + 1, here)) hits.push({ activity: h.activity, what: `\`${path}\` → ${h.what ?? `\`${normaliseArgv(c.args).slice(0, 4).join(' ')}\``}` });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Actions (`uses:`)

function classifyAction(name: string, w: Record<string, unknown>): Hit[] {
  const out: Hit[] = [];
  const add = (activity: Activity) => out.push({ activity, what: `\`${name}\`` });
  const n = name.toLowerCase();
  const starts = (...p: string[]) => p.some((x) => n === x || n.startsWith(`${x}/`));
  if (starts('docker/build-push-action') && w.call !== undefined && String(w.call) !== 'build') add('lint');
  else if (starts('docker/build-push-action', 'docker/bake-action', 'redhat-actions/buildah-build')) {
    add('build');
    add('image-build');
    if (String(w.push ?? 'false') === 'true' || /\$\{\{/.test(String(w.push ?? ''))) add('image-push');
  }
  if (starts('redhat-actions/push-to-registry')) add('image-push');
  if (starts('cypress-io/github-action')) add('test');
  if (starts('github/super-linter', 'super-linter/super-linter', 'golangci/golangci-lint-action', 'hadolint/hadolint-action', 'ludeeus/action-shellcheck',
    'pre-commit/action', 'wearerequired/lint-action', 'raven-actions/actionlint', 'rhysd/actionlint', 'astral-sh/ruff-action', 'chartboost/ruff-action',
    'reviewdog/action-actionlint', 'reviewdog/action-eslint', 'reviewdog/action-shellcheck', 'reviewdog/action-hadolint', 'reviewdog/action-golangci-lint',
    'ibiqlik/action-yamllint', 'dprint/check', 'devops-actions/actionlint', 'stackrox/kube-linter-action')) add('lint');
  if (starts('stackrox/kube-linter-action')) add('iac-scan');
  if (starts('psf/black')) add('format');
  if (starts('actions/dependency-review-action', 'pypa/gh-action-pip-audit', 'golang/govulncheck-action', 'rustsec/audit-check', 'dependency-check/dependency-check_action', 'google/osv-scanner-action', 'actions-rust-lang/audit')) add('dep-audit');
  if (starts('snyk/actions')) {
    const cmd = String(w.command ?? '');
    if (n.startsWith('snyk/actions/docker') || /container/.test(cmd)) add('image-scan');
    else if (n.startsWith('snyk/actions/iac') || /iac/.test(cmd)) add('iac-scan');
    else if (/code/.test(cmd)) add('sast');
    else add('dep-audit');
  }
  if (starts('github/codeql-action/analyze', 'github/codeql-action/init', 'semgrep/semgrep-action', 'returntocorp/semgrep-action', 'securego/gosec', 'shiftleft/scan-action',
    'sonarsource/sonarcloud-github-action', 'sonarsource/sonarqube-scan-action', 'bearer/bearer-action', 'github/ossar-action', 'microsoft/security-devops-action')) add('sast');
  if (starts('sonarsource/sonarcloud-github-action', 'sonarsource/sonarqube-scan-action')) add('lint');
  if (starts('aquasecurity/trivy-action')) {
    const t = String(w['scan-type'] ?? 'image');
    const scanners = String(w.scanners ?? '');
    if (t === 'image') add('image-scan');
    else if (t === 'config') add('iac-scan');
    else {
      if (!scanners || /vuln/.test(scanners)) add('dep-audit');
      if (/misconfig/.test(scanners)) add('iac-scan');
    }
    if (/secret/.test(scanners)) add('secret-scan');
  }
  if (starts('anchore/scan-action')) add(w.image ? 'image-scan' : w.path || w.sbom ? 'dep-audit' : 'image-scan');
  if (starts('docker/scout-action', 'crazy-max/ghaction-container-scan', 'azure/container-scan', 'lacework/lw-scanner-action', 'erzz/dockle-action')) add('image-scan');
  if (starts('bridgecrewio/checkov-action', 'aquasecurity/tfsec-action', 'aquasecurity/tfsec-sarif-action', 'aquasecurity/tfsec-pr-commenter-action', 'checkmarx/kics-github-action',
    'tenable/terrascan-action', 'accurics/terrascan-action', 'instrumenta/conftest-action')) add('iac-scan');
  if (starts('gitleaks/gitleaks-action', 'zricethezav/gitleaks-action', 'trufflesecurity/trufflehog', 'gitguardian/ggshield-action', 'gitguardian/gg-shield-action', 'secretlint/secretlint-action')) add('secret-scan');
  if (starts('googleapis/release-please-action', 'google-github-actions/release-please-action', 'softprops/action-gh-release', 'changesets/action', 'goreleaser/goreleaser-action',
    'cycjimmy/semantic-release-action', 'ncipollo/release-action', 'actions/create-release', 'release-drafter/release-drafter', 'mathieudutour/github-tag-action',
    'anothrnick/github-tag-action', 'rymndhng/release-on-push-action', 'codfish/semantic-release-action')) add('release');
  if (starts('aws-actions/amazon-ecs-deploy-task-definition', 'google-github-actions/deploy-cloudrun', 'google-github-actions/deploy-appengine', 'google-github-actions/deploy-cloud-functions',
    'azure/webapps-deploy', 'azure/k8s-deploy', 'azure/container-apps-deploy-action', 'azure/functions-action', 'azure/arm-deploy', 'superfly/flyctl-actions', 'amondnet/vercel-action',
    'nwtgck/actions-netlify', 'cloudflare/wrangler-action', 'cloudflare/pages-action', 'actions/deploy-pages', 'peaceiris/actions-gh-pages', 'aws-actions/aws-cloudformation-github-deploy',
    'serverless/github-action', 'akhileshns/heroku-deploy', 'deliverybot/helm', 'bitovi/github-actions-deploy-eks-helm')) {
    if (!(starts('azure/k8s-deploy') && /reject/.test(String(w.action ?? '')))) add('deploy');
  }
  if (starts('azure/k8s-deploy') && /reject/.test(String(w.action ?? ''))) add('rollback');
  if (starts('aws-actions/amazon-ecs-deploy-task-definition') && String(w['wait-for-service-stability'] ?? '') === 'true') add('health-check');
  if (starts('pulumi/actions') && /up/.test(String(w.command ?? ''))) add('deploy');
  if (starts('jtalk/url-health-check-action', 'cygnetdigital/wait_for_response', 'lakuapik/gh-actions-http-status', 'gerdemann/http-status-code')) add('health-check');
  if (starts('docker/metadata-action')) {
    const tags = String(w.tags ?? '');
    if (!tags || /type=(sha|semver|ref|pep440|match)|\{\{\s*(sha|version)/.test(tags)) add('versioned-tag');
  }
  return out;
}

// GitLab templates and components that add scanning jobs.
function classifyGitlabInclude(value: string): Activity[] {
  const v = value.toLowerCase();
  const out: Activity[] = [];
  if (/auto-devops/.test(v)) out.push('build', 'test', 'sast', 'dep-audit', 'image-scan', 'secret-scan', 'lint', 'deploy');
  if (/sast-iac|iac/.test(v)) out.push('iac-scan');
  else if (/sast/.test(v)) out.push('sast');
  if (/dependency-scanning|dependency_scanning/.test(v)) out.push('dep-audit');
  if (/container-scanning|container_scanning/.test(v)) out.push('image-scan');
  if (/secret-detection|secret_detection/.test(v)) out.push('secret-scan');
  if (/code-quality|code_quality/.test(v)) out.push('lint');
  return out;
}

// ---------------------------------------------------------------------------------------------

const cache = new WeakMap<Repository, Found[]>();

const LOCAL_CLUSTER_ACTION = /^(helm\/kind-action|container-tools\/kind-action|medyagh\/setup-minikube|manusa\/actions-setup-minikube|absaoss\/k3d-action|nolar\/setup-k3d-k3s|balchua\/microk8s-actions)$/;
const LOCAL_CLUSTER_CMD = /^(kind create cluster|minikube start|k3d cluster create|microk8s start|ctlptl (create|apply))/;

/** Everything the repository's CI does, step by step. */
export function activities(repo: Repository): Found[] {
  const hit = cache.get(repo);
  if (hit) return hit;
  const model = ciModel(repo);
  const ctx = context(repo);
  const out: Found[] = [];
  for (const job of model.jobs) {
    const start = out.length;
    for (const step of job.steps) {
      const name = actionName(step.uses);
      if (name) for (const h of classifyAction(name, step.with)) out.push({ activity: h.activity, what: h.what ?? `\`${name}\``, job, step, file: step.file, at: step.gh?.usesNode ?? step.at });
      for (const cmd of step.script?.commands ?? []) {
        const hits = classifyCommand(ctx, cmd.args);
        const shown = `\`${cmd.args.slice(0, 4).join(' ')}\``;
        const seen = new Set<Activity>();
        for (const h of hits) {
          if (seen.has(h.activity)) continue;
          seen.add(h.activity);
          out.push({ activity: h.activity, what: h.what && h.what !== shown ? `${shown} (${h.what})` : shown, job, step, file: step.file, at: commandAt(repo, step, cmd), args: cmd.args });
        }
        if (hits.some((h) => h.activity === 'image-build' || h.activity === 'image-push') && versionedTagArgs(cmd.args)) {
          out.push({ activity: 'versioned-tag', what: shown, job, step, file: step.file, at: commandAt(repo, step, cmd), args: cmd.args });
        }
      }
      if (name && /^docker\/build-push-action/.test(name) && versionedTagValue(String(step.with.tags ?? ''))) {
        out.push({ activity: 'versioned-tag', what: `\`${name}\` tags \`${String(step.with.tags).trim().split('\n')[0]}\``, job, step, file: step.file, at: step.at });
      }
    }
    // A job that creates a throw-away cluster (kind, minikube, k3d) applies manifests to test them: not a deploy.
    if (job.steps.some((st) => LOCAL_CLUSTER_ACTION.test(actionName(st.uses) ?? '') || st.script?.commands.some((c) => LOCAL_CLUSTER_CMD.test(normaliseArgv(c.args).slice(0, 3).join(' '))))) {
      for (let i = out.length - 1; i >= start; i--) if (out[i].activity === 'deploy' || out[i].activity === 'rollback' || out[i].activity === 'auto-rollback') out.splice(i, 1);
    }
    // A call to a remote reusable workflow: its name says what it does.
    if (job.calls && !model.files.includes(job.calls)) {
      const n = job.calls.toLowerCase();
      const add = (activity: Activity) => out.push({ activity, what: `\`${job.calls}\``, job, file: job.file, at: job.gh?.usesNode ?? job.at });
      if (/deploy/.test(n)) add('deploy');
      if (/rollback/.test(n)) add('rollback');
      if (/release/.test(n)) add('release');
      if (/codeql|sast|semgrep/.test(n)) add('sast');
    }
  }
  // GitLab templates/components: attribute them to the root pipeline file.
  for (const inc of model.gitlabIncludes) {
    if (inc.kind !== 'template' && inc.kind !== 'component' && inc.kind !== 'project' && inc.kind !== 'remote') continue;
    const pseudo: CiJob = { provider: 'gitlab', file: inc.file, id: `include ${inc.value}`, at: (inc.node as At) ?? { line: 1 }, triggers: [{ event: 'push', raw: 'push' }, { event: 'pull_request', raw: 'merge_request_event' }], manualGate: false, needs: [], steps: [] };
    for (const activity of classifyGitlabInclude(inc.value)) out.push({ activity, what: `\`include: ${inc.kind}: ${inc.value}\``, job: pseudo, file: inc.file, at: pseudo.at });
  }
  cache.set(repo, out);
  return out;
}

/** A tag argument derived from the commit or a version (not only `latest`). */
export function versionedTagValue(v: string): boolean {
  return /\b(github\.sha|GITHUB_SHA|github\.ref_name|GITHUB_REF_NAME|CI_COMMIT_SHA|CI_COMMIT_SHORT_SHA|CI_COMMIT_TAG|CI_COMMIT_REF_SLUG|steps\.[\w-]+\.outputs\.(tags|version|tag|sha)|needs\.[\w-]+\.outputs\.(tags|version|tag|sha|image)|inputs\.(version|tag|sha|image-tag|image_tag)|env\.(VERSION|IMAGE_TAG|TAG|GIT_SHA|SHA))\b|\$\{?(VERSION|IMAGE_TAG|TAG|GIT_SHA|SHA|SHORT_SHA|RELEASE_VERSION|GIT_COMMIT)\b|:v?\d+\.\d+/.test(v);
}

function versionedTagArgs(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === '-t' || x === '--tag') {
      if (versionedTagValue(args[i + 1] ?? '')) return true;
    } else if (x.startsWith('--tag=') || (x.startsWith('-t') && x.length > 2)) {
      if (versionedTagValue(x)) return true;
    }
  }
  const tool = base(args[0] ?? '');
  // `docker push img:$SHA`, `docker tag a b:$SHA`, kaniko `--destination=img:$SHA`
  if (args.slice(1).some((x) => /^--destination/.test(x) && versionedTagValue(x))) return true;
  if (['docker', 'podman', 'crane', 'skopeo'].includes(tool) && args.slice(2).some((x) => x.includes(':') && versionedTagValue(x))) return true;
  return false;
}

export function byActivity(repo: Repository, ...kinds: Activity[]): Found[] {
  return activities(repo).filter((f) => kinds.includes(f.activity));
}

/** What a repository shell script does, from its name and its commands (one level deep). */
export function scriptFileActivities(repo: Repository, path: string): Array<{ activity: Activity; what: string; at: At }> {
  const a = repo.get(path);
  if (!a || !a.is('shell') || a.skipped !== undefined) return [];
  const ctx = context(repo);
  const out: Array<{ activity: Activity; what: string; at: At }> = [];
  for (const c of fileCommands(ctx, path)) {
    for (const h of classifyCommand(ctx, c.args, 1, path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '')) out.push({ activity: h.activity, what: h.what ?? `\`${normaliseArgv(c.args).slice(0, 4).join(' ')}\``, at: { offset: c.offset, length: c.end - c.offset } });
  }
  for (const h of scriptNameHits(path)) out.push({ activity: h.activity, what: `by its name`, at: { line: 1 } });
  return out;
}
