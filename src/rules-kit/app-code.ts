// What the application code does about health, metrics, shutdown, logs, error tracking and
// configuration. JavaScript/TypeScript is read with the TypeScript compiler's parser (loaded
// lazily, only when such sources exist: about 400 ms); Python, Go and Java are answered from
// dependency manifests and a lexical scan of string literals and calls, which is weaker evidence.
import { ArtifactCache } from './memo.js';
import { requireCached } from '../compile-cache.js';
import type * as TS from 'typescript';
import type { Artifact, Repository } from '../repo/repository.js';

export type Language = 'js' | 'py' | 'go' | 'java';

export interface Fact {
  what: string;
  file: string;
  offset: number;
  length: number;
  /** True when the fact comes from a lexical scan or a manifest rather than a syntax tree. */
  weak?: boolean;
}

export interface AppFacts {
  language: Language;
  /** Service source files (tests, scripts and tool configs excluded). */
  files: Artifact[];
  /** The code serves HTTP (imports a server framework or calls listen). */
  server: Fact[];
  health: Fact[];
  metrics: Fact[];
  sigterm: Fact[];
  /** Shutdown code that stops the server / drains connections, reached from the SIGTERM handler. */
  drain: Fact[];
  structuredLog: Fact[];
  errorTracking: Fact[];
  envConfig: Fact[];
}

export const HEALTH_PATH = /^\/(healthz|health|readyz|ready|livez|live|health\/(live|ready|liveness|readiness)|actuator\/health(\/\w+)?|ping)$/;
export const METRICS_PATH = /^\/(metrics|actuator\/prometheus)$/;

const TEST_PATH = /(^|\/)(test|tests|__tests__|spec|e2e|fixtures?|scripts|bench|examples?|docs)\/|\.(test|spec)\.[cm]?[jt]sx?$|_test\.(go|py)$|(^|\/)test_[^/]+\.py$|(^|\/)conftest\.py$|(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)(eslint|prettier|jest|vitest|webpack|rollup|babel)[^/]*\.[cm]?js$/;

const KIND_OF: Record<Language, 'source-js' | 'source-py' | 'source-go' | 'source-java'> = { js: 'source-js', py: 'source-py', go: 'source-go', java: 'source-java' };

export function serviceFiles(repo: Repository, lang: Language): Artifact[] {
  return repo.ofKind(KIND_OF[lang]).filter((a) => isServiceFile(a.path));
}

/** A service source path (not a test, script, tool config or template): for per-file rules, in O(1). */
export function isServiceFile(path: string): boolean {
  return !TEST_PATH.test(path) && !path.includes('/templates/');
}

// ---- dependency manifests ----

/** Declared dependency names of every manifest (package.json, requirements, pyproject, go.mod, pom, gradle). */
export function declaredDependencies(repo: Repository): Array<{ name: string; file: string; offset: number }> {
  const out: Array<{ name: string; file: string; offset: number }> = [];
  for (const a of repo.ofKind('package-manifest')) {
    const base = a.path.slice(a.path.lastIndexOf('/') + 1);
    const text = a.text;
    if (base === 'package.json') {
      const v = a.json.value as Record<string, Record<string, string> | undefined> | undefined;
      for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
        for (const name of Object.keys(v?.[field] ?? {})) out.push({ name, file: a.path, offset: Math.max(0, text.indexOf(`"${name}"`)) });
      }
    } else if (base === 'requirements.txt' || base === 'Pipfile' || base === 'pyproject.toml' || base === 'setup.py') {
      // Requirement specifiers are values: `name[extra]==1.2`, `"name>=1"` in a TOML array.
      for (const m of text.matchAll(/^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(==|>=|<=|~=|!=|>|<|=|$|["',;])/gm)) {
        if (base !== 'requirements.txt' && !/["']/.test(m[0]) && base !== 'Pipfile') continue;
        out.push({ name: m[1].toLowerCase(), file: a.path, offset: m.index ?? 0 });
      }
    } else if (base === 'go.mod') {
      for (const m of text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}\/[^\s]+)\s+v\d/gm)) out.push({ name: m[1], file: a.path, offset: m.index ?? 0 });
    } else if (base === 'pom.xml') {
      for (const m of text.matchAll(/<artifactId>([^<]+)<\/artifactId>/g)) out.push({ name: m[1], file: a.path, offset: m.index ?? 0 });
    } else if (base.startsWith('build.gradle')) {
      for (const m of text.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)) out.push({ name: m[2], file: a.path, offset: m.index ?? 0 });
    }
  }
  return out;
}

// Libraries, by what they give. Names are matched exactly or as a prefix ending in "/" or "-".
const LIBS = {
  server: ['express', 'fastify', 'koa', '@hapi/hapi', '@nestjs/core', 'hono', 'restify', 'http', 'node:http', 'https', 'node:https', 'http2', 'node:http2', 'flask', 'fastapi', 'django', 'aiohttp', 'starlette', 'tornado', 'uvicorn', 'gunicorn', 'http.server', 'net/http', 'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/go-chi/chi', 'spring-boot-starter-web', 'spring-boot-starter-webflux', 'com.sun.net.httpserver', 'io.javalin', 'quarkus-resteasy', 'micronaut-http-server'],
  metrics: ['prom-client', 'express-prom-bundle', '@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus', 'hot-shots', 'prometheus_client', 'prometheus-client', 'prometheus-flask-exporter', 'prometheus-fastapi-instrumentator', 'opentelemetry-sdk', 'github.com/prometheus/client_golang', 'go.opentelemetry.io/otel/sdk/metric', 'micrometer-registry-prometheus', 'micrometer-registry-otlp', 'simpleclient', 'io.prometheus', 'datadog', 'dd-trace'],
  structuredLog: ['pino', 'pino-http', 'winston', 'bunyan', 'roarr', 'structlog', 'python-json-logger', 'loguru', 'log/slog', 'go.uber.org/zap', 'github.com/rs/zerolog', 'github.com/sirupsen/logrus', 'logstash-logback-encoder', 'ecs-logging-java', 'log4j-layout-template-json'],
  errorTracking: ['@sentry/', 'sentry-sdk', 'github.com/getsentry/sentry-go', 'sentry', 'io.sentry', 'sentry-spring-boot-starter', 'dd-trace', 'ddtrace', 'gopkg.in/DataDog/dd-trace-go', 'github.com/DataDog/dd-trace-go', 'dd-java-agent', 'newrelic', 'github.com/newrelic/go-agent', '@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-node', '@opentelemetry/auto-instrumentations-node', 'opentelemetry-distro', 'opentelemetry-instrumentation', 'opentelemetry-sdk', 'go.opentelemetry.io/otel', 'opentelemetry-javaagent', 'opentelemetry-spring-boot-starter', '@bugsnag/', 'bugsnag', 'rollbar', 'elastic-apm-node', 'elastic-apm', 'honeybadger', '@honeybadger-io/', 'aws-xray-sdk', 'aws-xray-sdk-core', '@google-cloud/error-reporting', 'applicationinsights'],
  gracefulShutdown: ['@godaddy/terminus', 'http-terminator', 'stoppable', 'close-with-grace', 'lightship'],
};

export function libMatches(name: string, list: readonly string[]): boolean {
  const n = name.toLowerCase();
  return list.some((l) => (l.endsWith('/') ? n.startsWith(l.toLowerCase()) : n === l.toLowerCase() || n.startsWith(`${l.toLowerCase()}/`)));
}

// ---- JavaScript / TypeScript through the TypeScript parser ----

let tsMod: typeof TS | null | undefined;
/** The TypeScript compiler API, loaded once; null when it is not installed. */
export async function loadTypescript(): Promise<typeof TS | null> {
  if (tsMod === undefined) {
    try {
      // require, not import(): an ESM import of this 9 MB CommonJS file first scans it for its
      // named exports (about 250 ms); the code cache then skips compiling it.
      tsMod = requireCached<typeof TS>('typescript');
    } catch {
      tsMod = null;
    }
  }
  return tsMod;
}

const sourceCache = new ArtifactCache<TS.SourceFile>();
export function jsSource(ts: typeof TS, a: Artifact): TS.SourceFile {
  let sf = sourceCache.get(a);
  if (!sf) {
    const kind = /\.tsx$/.test(a.path) ? ts.ScriptKind.TSX : /\.jsx$/.test(a.path) ? ts.ScriptKind.JSX : /\.[cm]?ts$/.test(a.path) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    sf = ts.createSourceFile(a.path, a.text, ts.ScriptTarget.Latest, true, kind);
    sourceCache.set(a, sf);
  }
  return sf;
}

/** String literal values in a JS/TS file with their nodes. */
export function jsStrings(ts: typeof TS, sf: TS.SourceFile): Array<{ value: string; node: TS.Node }> {
  const out: Array<{ value: string; node: TS.Node }> = [];
  const visit = (n: TS.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push({ value: n.text, node: n });
    else if (ts.isTemplateExpression(n)) out.push({ value: n.head.text, node: n.head });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function calleeText(ts: typeof TS, call: TS.CallExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '?'}.${e.name.text}`;
  return '';
}

const DRAIN_CALL = /(^|\.)(close|closeAllConnections|closeIdleConnections|stop|drain|shutdown|terminate|destroy|gracefulShutdown|server_close)$/i;

function analyzeJs(ts: typeof TS, a: Artifact, f: AppFacts): void {
  const sf = jsSource(ts, a);
  const fact = (what: string, n: TS.Node, weak = false): Fact => ({ what, file: a.path, offset: n.getStart(sf), length: n.getWidth(sf), weak });
  const functions = new Map<string, TS.Node>();
  const sigtermHandlers: TS.Node[] = [];
  const visit = (n: TS.Node) => {
    if (ts.isFunctionDeclaration(n) && n.name && n.body) functions.set(n.name.text, n.body);
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) functions.set(n.name.text, n.initializer.body);
    if (ts.isMethodDeclaration(n) && n.body && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) functions.set(n.name.text, n.body);
    let mod: string | undefined;
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) mod = n.moduleSpecifier.text;
    if (ts.isCallExpression(n)) {
      const callee = calleeText(ts, n);
      const arg0 = n.arguments[0];
      if ((callee === 'require' || n.expression.kind === ts.SyntaxKind.ImportKeyword) && arg0 && ts.isStringLiteral(arg0)) mod = arg0.text;
      if (/\.(listen|createServer)$/.test(callee) || callee === 'createServer' || callee === 'serve') f.server.push(fact(`calls ${callee}()`, n));
      if (/^process\.(on|once|addListener|prependListener)$/.test(callee) && arg0 && ts.isStringLiteral(arg0) && arg0.text === 'SIGTERM') {
        f.sigterm.push(fact('process.on("SIGTERM") handler', n));
        if (n.arguments[1]) sigtermHandlers.push(n.arguments[1]);
      }
      if (/^(Sentry|sentry)\.init$/.test(callee) || /^(tracer|ddTrace|dd)\.init$/.test(callee) || /^(sdk|otel|nodeSdk|NodeSDK)\.start$/i.test(callee) || /^(newrelic|Bugsnag|bugsnag|Rollbar|apm|Honeybadger)\.(start|init|configure)$/.test(callee)) {
        f.errorTracking.push(fact(`${callee}() initialises error tracking/tracing`, n));
      }
      // A hand-rolled JSON logger: JSON.stringify(...) written to stdout/stderr or console.
      if (/^(console\.(log|info|warn|error)|stdout\.write|stderr\.write|stream\.write|process\.stdout\.write)$/.test(callee) || /\.write$/.test(callee)) {
        if (n.arguments.some((x) => containsCall(ts, x, 'JSON.stringify'))) f.structuredLog.push(fact('writes JSON log lines', n));
      }
    }
    if (mod !== undefined) {
      if (libMatches(mod, LIBS.server)) f.server.push(fact(`uses ${mod}`, n));
      if (libMatches(mod, LIBS.metrics)) f.metrics.push(fact(`uses ${mod}`, n));
      if (libMatches(mod, LIBS.structuredLog)) f.structuredLog.push(fact(`uses ${mod}`, n));
      if (libMatches(mod, LIBS.gracefulShutdown)) f.drain.push(fact(`uses ${mod}`, n));
      if (libMatches(mod, LIBS.errorTracking)) f.errorTracking.push(fact(`uses ${mod}`, n));
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'env' && ts.isIdentifier(n.expression) && n.expression.text === 'process') f.envConfig.push(fact('reads process.env', n));
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      const p = n.parent;
      // A route: a call argument (app.get('/healthz')), a comparison, a case label or a route-table key.
      const routeish = ts.isCallExpression(p) || ts.isBinaryExpression(p) || ts.isCaseClause(p) || ts.isPropertyAssignment(p) || ts.isElementAccessExpression(p);
      if (routeish && HEALTH_PATH.test(n.text)) f.health.push(fact(`serves ${n.text}`, n));
      if (routeish && METRICS_PATH.test(n.text)) f.metrics.push(fact(`serves ${n.text}`, n));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // Does the SIGTERM handler stop the server? Follow calls into functions of this file, 3 deep.
  for (const h of sigtermHandlers) {
    const seen = new Set<TS.Node>();
    const reaches = (node: TS.Node, depth: number): TS.Node | undefined => {
      if (seen.has(node) || depth > 4) return undefined;
      seen.add(node);
      let hit: TS.Node | undefined;
      const walk = (x: TS.Node) => {
        if (hit) return;
        if (ts.isCallExpression(x)) {
          const c = calleeText(ts, x);
          if (DRAIN_CALL.test(c)) {
            hit = x;
            return;
          }
          const local = ts.isIdentifier(x.expression) ? functions.get(x.expression.text) : ts.isPropertyAccessExpression(x.expression) ? functions.get(x.expression.name.text) : undefined;
          if (local) hit = reaches(local, depth + 1);
        }
        if (ts.isIdentifier(x) && functions.has(x.text)) {
          const target = functions.get(x.text)!;
          if (!seen.has(target)) hit = reaches(target, depth + 1);
        }
        if (!hit) ts.forEachChild(x, walk);
      };
      walk(node);
      return hit;
    };
    const stop = reaches(h, 0);
    if (stop) f.drain.push(fact(`SIGTERM handler stops the server (${ts.isCallExpression(stop) ? calleeText(ts, stop) : 'call'})`, stop));
  }
}

function containsCall(ts: typeof TS, n: TS.Node, name: string): boolean {
  let found = false;
  const walk = (x: TS.Node) => {
    if (found) return;
    if (ts.isCallExpression(x) && calleeText(ts, x) === name) found = true;
    else ts.forEachChild(x, walk);
  };
  walk(n);
  return found;
}

// ---- Python, Go, Java: lexical scan (weaker evidence) ----

/** String literals and the code around them, comments dropped. A token scan, not a parser. */
export function lexStrings(a: Artifact, lang: Language): Array<{ value: string; offset: number; length: number }> {
  const out: Array<{ value: string; offset: number; length: number }> = [];
  const text = a.text;
  const re = lang === 'py' ? /#[^\n]*|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g : lang === 'go' ? /\/\/[^\n]*|\/\*[\s\S]*?\*\/|("(?:\\.|[^"\\\n])*"|`[^`]*`)/g : /\/\/[^\n]*|\/\*[\s\S]*?\*\/|("(?:\\.|[^"\\\n])*")/g;
  for (const m of text.matchAll(re)) {
    if (!m[1]) continue;
    const q = m[1].startsWith('"""') || m[1].startsWith("'''") ? 3 : 1;
    out.push({ value: m[1].slice(q, -q), offset: m.index ?? 0, length: m[1].length });
  }
  return out;
}

/** Code with comments and strings blanked (same length), so patterns never match inside them. */
function codeOnly(a: Artifact, lang: Language): string {
  const re = lang === 'py' ? /#[^\n]*|"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g : /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|`[^`]*`/g;
  return a.text.replace(re, (s) => s.replace(/[^\n]/g, ' '));
}

const LEX: Record<Exclude<Language, 'js'>, { server: RegExp; sigterm: RegExp; drain: RegExp; env: RegExp; jsonLog: RegExp; errorInit: RegExp; imports: RegExp }> = {
  py: {
    server: /\b(HTTPServer|ThreadingHTTPServer|Flask\(|FastAPI\(|web\.Application\(|uvicorn\.run|app\.run\()/,
    sigterm: /\bsignal\.SIGTERM\b/,
    drain: /\.(shutdown|server_close|close|stop)\(\)/,
    env: /\bos\.(environ|getenv)\b/,
    jsonLog: /\bjson\.dumps\(|JsonFormatter|structlog\./,
    errorInit: /\bsentry_sdk\.init\(|\bddtrace\b|\bTracerProvider\(|\bconfigure_azure_monitor\(/,
    imports: /^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm,
  },
  go: {
    server: /\bhttp\.(ListenAndServe|Server\b)|\bgin\.(Default|New)\(|\becho\.New\(|\bfiber\.New\(/,
    sigterm: /\bsyscall\.SIGTERM\b|signal\.NotifyContext\(/,
    drain: /\.Shutdown\(/,
    env: /\bos\.(Getenv|LookupEnv)\(/,
    jsonLog: /\bslog\.NewJSONHandler\(|\bzap\.New|\bzerolog\.|JSONFormatter/,
    errorInit: /\bsentry\.Init\(|\btracer\.Start\(|\bsdktrace\.NewTracerProvider\(|\bnewrelic\.NewApplication\(/,
    imports: /^\s*(?:import\s+)?(?:\w+\s+)?"([\w./-]+)"\s*$/gm,
  },
  java: {
    server: /@SpringBootApplication|\bHttpServer\.create\(|\bJavalin\.create\(|@RestController/,
    sigterm: /\baddShutdownHook\(|@PreDestroy|server\.shutdown\s*=\s*graceful/,
    drain: /\.stop\(|\.shutdown\(|@PreDestroy|SmartLifecycle/,
    env: /\bSystem\.getenv\(|@Value\("\$\{/,
    jsonLog: /LogstashEncoder|JsonLayout|EcsLayout|JsonTemplateLayout|StructuredArguments/,
    errorInit: /\bSentry\.init\(|@EnableSentry|GlobalOpenTelemetry|OpenTelemetrySdk/,
    imports: /^\s*import\s+(?:static\s+)?([\w.]+)\s*;/gm,
  },
};

function analyzeLexical(a: Artifact, lang: Exclude<Language, 'js'>, f: AppFacts): void {
  const code = codeOnly(a, lang);
  const p = LEX[lang];
  const fact = (what: string, offset: number, length: number): Fact => ({ what, file: a.path, offset, length, weak: true });
  const first = (re: RegExp) => {
    const m = new RegExp(re.source, re.flags.replace('g', '')).exec(code);
    return m ? { offset: m.index, length: m[0].length, text: m[0] } : undefined;
  };
  const s = first(p.server);
  if (s) f.server.push(fact(`${s.text.trim()} (lexical)`, s.offset, s.length));
  const t = first(p.sigterm);
  if (t) {
    f.sigterm.push(fact(`handles SIGTERM (${t.text.trim()})`, t.offset, t.length));
    const d = first(p.drain);
    if (d) f.drain.push(fact(`stops the server (${d.text.trim()})`, d.offset, d.length));
  }
  const e = first(p.env);
  if (e) f.envConfig.push(fact(`reads the environment (${e.text})`, e.offset, e.length));
  const j = first(p.jsonLog);
  if (j) f.structuredLog.push(fact(`JSON logging (${j.text.trim()})`, j.offset, j.length));
  const i = first(p.errorInit);
  if (i) f.errorTracking.push(fact(`initialises ${i.text.trim()}`, i.offset, i.length));
  for (const m of code.matchAll(p.imports)) {
    const mod = (m[1] ?? m[2] ?? '').replace(/_/g, '-');
    const at = fact(`imports ${mod}`, m.index ?? 0, m[0].length);
    if (libMatches(mod, LIBS.server) || libMatches(mod.replace(/-/g, '_'), LIBS.server)) f.server.push({ ...at });
    if (libMatches(mod, LIBS.metrics) || /^io\.prometheus|^io\.micrometer/.test(mod)) f.metrics.push({ ...at });
    if (libMatches(mod, LIBS.structuredLog) || mod === 'structlog') f.structuredLog.push({ ...at });
    if (libMatches(mod, LIBS.errorTracking) || /^(sentry-sdk|io\.sentry|io\.opentelemetry|ddtrace)/.test(mod)) f.errorTracking.push({ ...at });
  }
  for (const s of lexStrings(a, lang)) {
    if (HEALTH_PATH.test(s.value)) f.health.push(fact(`serves ${s.value} (lexical)`, s.offset, s.length));
    if (METRICS_PATH.test(s.value)) f.metrics.push(fact(`serves ${s.value} (lexical)`, s.offset, s.length));
  }
}

const factsCache = new WeakMap<Repository, Promise<AppFacts[]>>();

/** One AppFacts per language that has service sources. */
export function appFacts(repo: Repository): Promise<AppFacts[]> {
  let p = factsCache.get(repo);
  if (!p) {
    p = (async () => {
      const out: AppFacts[] = [];
      const deps = declaredDependencies(repo);
      for (const lang of ['js', 'py', 'go', 'java'] as const) {
        const files = serviceFiles(repo, lang);
        if (!files.length) continue;
        const f: AppFacts = { language: lang, files, server: [], health: [], metrics: [], sigterm: [], drain: [], structuredLog: [], errorTracking: [], envConfig: [] };
        if (lang === 'js') {
          const ts = await loadTypescript();
          for (const a of files) {
            if (a.skipped !== undefined || !a.text) continue;
            if (ts) analyzeJs(ts, a, f);
          }
        } else for (const a of files) if (a.text) analyzeLexical(a, lang, f);
        // Declared dependencies count too (weak: declared is not initialised).
        const manifestFor = (name: string) => (lang === 'js' ? name.endsWith('package.json') : lang === 'py' ? /requirements|pyproject|Pipfile|setup\.py/.test(name) : lang === 'go' ? name.endsWith('go.mod') : /pom\.xml|build\.gradle/.test(name));
        for (const d of deps.filter((x) => manifestFor(x.file))) {
          const at = { file: d.file, offset: d.offset, length: d.name.length, weak: true };
          if (libMatches(d.name, LIBS.metrics)) f.metrics.push({ what: `depends on ${d.name}`, ...at });
          if (libMatches(d.name, LIBS.structuredLog)) f.structuredLog.push({ what: `depends on ${d.name}`, ...at });
          if (libMatches(d.name, LIBS.errorTracking)) f.errorTracking.push({ what: `depends on ${d.name}`, ...at });
          if (libMatches(d.name, LIBS.server)) f.server.push({ what: `depends on ${d.name}`, ...at });
          if (/spring-boot-starter-actuator/.test(d.name)) f.health.push({ what: 'Spring Boot Actuator (/actuator/health)', ...at });
        }
        out.push(f);
      }
      return out;
    })();
    factsCache.set(repo, p);
  }
  return p;
}

/** The services: languages whose code serves HTTP. */
export async function services(repo: Repository): Promise<AppFacts[]> {
  return (await appFacts(repo)).filter((f) => f.server.length > 0);
}

// ---- hard-coded configuration ----

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[\w.-]*\.(local|localhost|test|invalid|example)|(?:[\w-]+\.)*example\.(com|org|net))$/i;
const CONN_SCHEME = /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis|rediss|amqps?|kafka|nats|mssql|sqlserver|jdbc:[a-z]+):\/\//i;
const ENV_HOST = /(^|[.-])(prod|production|staging|stg|internal|corp|intranet)([.-]|$)|\.rds\.amazonaws\.com$|\.database\.windows\.net$|\.cache\.amazonaws\.com$|\.svc\.cluster\.local$/i;

/**
 * Does a string literal hard-code an environment's address? Connection strings to a non-local
 * host, http(s) URLs to private IPs or to hosts named for an environment. Public API URLs are not
 * configuration and are left alone.
 */
export function hardcodedAddress(value: string): string | undefined {
  const v = value.trim();
  const m = /^([a-z][a-z0-9+.:-]*):\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/?#\s]+)/i.exec(v);
  if (!m) return undefined;
  const host = m[2];
  if (LOCAL_HOST.test(host) || host.includes('$') || host.includes('{')) return undefined;
  if (CONN_SCHEME.test(v)) return `connection string to ${host}`;
  if (!/^https?$/i.test(m[1])) return undefined;
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)\d+\.\d+/.test(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return `URL with the IP address ${host}`;
  if (ENV_HOST.test(host)) return `URL of the environment-specific host ${host}`;
  return undefined;
}
