// The GitHub side of a stack: CI, deploys per environment, PR previews, security scanning, release
// automation, Dependabot and CODEOWNERS. Workflow templates share steps through the partials in
// templates/.github/_partials/ (cloud login, registry login, cluster context, the strategy's rollout).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { entriesYaml, serviceEntries } from '../../src/generate/dependabot.js';
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import { handlebars, renderTemplate, TEMPLATES_DIR } from '../../src/generate/render.js';
import type { EnvironmentData, TemplateData } from '../../src/generate/template-data.js';
import { VERSION } from '../../src/version.js';

const PARTIALS = '.github/_partials';

// Partials are registered once per process under their file name without `.hbs`, as functions that
// render the partial's own template: it is compiled (or precompiled) like any other template, and
// Handlebars merges the call's hash into the context and indents the output to the call site.
for (const f of readdirSync(join(TEMPLATES_DIR, PARTIALS)).filter((f) => f.endsWith('.hbs'))) {
  handlebars.registerPartial(f.slice(0, -'.hbs'.length), ((context: object) => renderTemplate(`${PARTIALS}/${f}`, context)) as never);
}

/** What CI, CodeQL, Dependabot and release-please need to know about each runtime. */
interface RuntimeCi {
  /** Versions the test job runs on (a matrix); the first is used by lint and audit jobs. */
  versions: string[];
  install: string[];
  lint: string[];
  test: string[];
  /** The runtime's own dependency audit, besides Trivy's. */
  audit: string[];
  codeql?: { language: string; buildMode: 'none' | 'autobuild' };
  dependabot?: string;
  releaseType: string;
}

export const RUNTIME_CI: Record<TemplateData['runtime'], RuntimeCi> = {
  node: {
    versions: ['20', '22'],
    install: ['npm ci'],
    lint: ['npm run lint'],
    test: ['npm test'],
    audit: ['npm audit --audit-level=high --omit=dev'],
    codeql: { language: 'javascript-typescript', buildMode: 'none' },
    dependabot: 'npm',
    releaseType: 'node',
  },
  python: {
    versions: ['3.12', '3.13'],
    install: ['python -m pip install --upgrade pip', 'python -m pip install -r requirements.txt ruff==0.8.4'],
    lint: ['ruff check .'],
    test: ['python -m unittest discover -s tests -v'],
    audit: ['python -m pip install pip-audit==2.7.3', 'pip-audit --strict --requirement requirements.txt'],
    codeql: { language: 'python', buildMode: 'none' },
    dependabot: 'pip',
    releaseType: 'python',
  },
  go: {
    versions: [],
    install: ['go mod download'],
    lint: ['go vet ./...', 'test -z "$(gofmt -l .)" || { gofmt -l .; exit 1; }'],
    test: ['go test -race -count=1 ./...'],
    audit: ['go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...'],
    codeql: { language: 'go', buildMode: 'autobuild' },
    dependabot: 'gomod',
    releaseType: 'go',
  },
  java: {
    versions: ['21'],
    install: ['mvn -B -ntp dependency:go-offline'],
    // Google style, reported as warnings: the build fails only on checks raised to error.
    lint: ['mvn -B -ntp org.apache.maven.plugins:maven-checkstyle-plugin:3.6.0:check -Dcheckstyle.config.location=google_checks.xml'],
    test: ['mvn -B -ntp verify'],
    audit: [],
    codeql: { language: 'java-kotlin', buildMode: 'none' },
    dependabot: 'maven',
    releaseType: 'maven',
  },
  existing: {
    versions: [],
    install: [],
    lint: ['make lint'],
    test: ['make test'],
    audit: [],
    dependabot: undefined,
    releaseType: 'simple',
  },
};

/** One environment a deploy job targets: names the cluster, namespace and URL it deploys to. */
export interface DeployTarget {
  name: string;
  /** Job id inside deploy-staging.yml: `deploy-<env>`. */
  jobId: string;
  /** Job id of the environment before it in the promotion order, in the same workflow. */
  needs?: string;
  /** First in the promotion order: its job also builds and pushes the image. */
  isFirst: boolean;
  url: string;
  namespace: string;
  overlay: string;
  cluster: string;
  resourceGroup: string;
  ecsService: string;
  taskFamily: string;
}

/** Hosts match the ingress overlays: `<name>.example.com` in production, `<name>.<env>.example.com` before. */
export function deployTarget(d: TemplateData, e: EnvironmentData): DeployTarget {
  const host = e.isProd ? `${d.name}.example.com` : `${d.name}.${e.name}.example.com`;
  return {
    name: e.name,
    jobId: `deploy-${e.name}`,
    needs: e.previous && !e.isProd ? `deploy-${e.previous}` : undefined,
    isFirst: e.isFirst,
    url: `https://${host}`,
    namespace: `${d.name}-${e.name}`,
    overlay: `infrastructure/kubernetes/overlays/${e.name}`,
    cluster: `${d.name}-${e.name}`,
    resourceGroup: `${d.name}-${e.name}`,
    ecsService: d.name,
    taskFamily: `${d.name}-${e.name}`,
  };
}

function registryFacts(d: TemplateData) {
  const host = d.image.split('/')[0];
  return {
    registryHost: host,
    acrName: host.split('.')[0],
    registryIsGhcr: d.registry === 'ghcr',
    registryIsEcr: d.registry === 'ecr',
    registryIsGar: d.registry === 'gar',
    registryIsAcr: d.registry === 'acr',
    registryIsDockerhub: d.registry === 'dockerhub',
    /** Registries we reach through a cloud's OIDC login need `id-token: write` to push. */
    registryNeedsOidc: ['ecr', 'gar', 'acr'].includes(d.registry),
    /** The registry is the deploy cloud's own: the job's cloud login also signs in to it. */
    registryUsesCloudLogin: (d.registry === 'ecr' && d.isAws) || (d.registry === 'gar' && d.isGcp) || (d.registry === 'acr' && d.isAzure),
  };
}

/** The runtime's CI facts plus what templates branch on: a version matrix only when there are several. */
function runtimeCi(d: TemplateData) {
  const ci = RUNTIME_CI[d.runtime];
  return { ...ci, matrix: ci.versions.length > 1, primary: ci.versions[0] ?? '' };
}

const WORKFLOWS = ['ci', 'security-scan', 'release', 'deploy-production'];

const github: PlanPart = (d) => {
  const targets = d.envs.map((e) => deployTarget(d, e));
  const prod = targets[targets.length - 1];
  const preProd = targets.slice(0, -1);
  const data = {
    cdsVersion: VERSION,
    ci: runtimeCi(d),
    ...registryFacts(d),
    targets: preProd,
    prod,
    /** PR previews deploy next to the first environment (its cluster, its overlay's settings). */
    preview: { ...targets[0], overlay: 'infrastructure/kubernetes/overlays/preview' },
    argoRolloutsVersion: 'v1.8.3',
    /** Within the modules' `required_version = "~> 1.10"`. */
    terraformVersion: '1.10.5',
    /** docker/metadata-action tag rules: immutable git-SHA tags for every push, the PR number for previews. */
    imageTags: {
      sha: ['type=sha,format=long,prefix='],
      preview: ['type=sha,format=long,prefix=', 'type=ref,event=pr'],
    },
    /** Dependabot entries of the services `add service` recorded (services/<name>/), after the stack's own. */
    dependabotServices: entriesYaml((d.services ?? []).flatMap((s) => serviceEntries(s, RUNTIME_CI[d.runtime].dependabot))).replace(/\n$/, ''),
    // Defaults for partial parameters (templates render in strict mode).
    fetchAll: false,
    ref: '',
  };
  const workflows = [...WORKFLOWS];
  if (preProd.length) workflows.push('deploy-staging');
  // Previews are namespaces in a cluster: only where the orchestrator is Kubernetes.
  if (d.previews && d.isKubernetes) workflows.push('preview-deploy');
  const files: PlannedFile[] = workflows.map((w) => ({ path: `.github/workflows/${w}.yml`, template: `.github/workflows/${w}.yml.hbs`, data }));
  files.push({ path: '.github/dependabot.yml', template: '.github/dependabot.yml.hbs', data });
  files.push({ path: '.github/CODEOWNERS', template: '.github/CODEOWNERS.hbs', data });
  return files;
};

export default github;
