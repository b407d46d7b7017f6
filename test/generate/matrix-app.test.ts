// The app skeletons: the node and python services actually run (their own tests, and a black-box
// start → endpoints → SIGTERM → exit 0), go and java are compiled when their toolchains exist, and
// compose files pass yamllint.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type Dirent, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { CHECKLISTS } from '../../src/audit/checklists.js';
import { defaultConfig, parseConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { defaultAnswers, type StackAnswers } from '../../src/generate/answers.js';
import { renderTemplate } from '../../src/generate/render.js';
import { templateData } from '../../src/generate/template-data.js';
import { writeFiles } from '../../src/generate/write.js';
import app from '../../generators/parts/app.js';
import docker from '../../generators/parts/docker.js';
import root from '../../generators/parts/root.js';
import { hasTool, run, tool } from '../helpers/tools.js';

/** Render only this area's parts (fast, and independent of other parts being mid-edit). */
function generate(partial: Partial<StackAnswers>): string {
  const dir = mkdtempSync(join(tmpdir(), `cds-app-${partial.runtime ?? 'x'}-`));
  const data = templateData(defaultAnswers(partial));
  const files = [...app(data), ...docker(data), ...root(data)].map((f) => ({ path: f.path, content: f.content ?? renderTemplate(f.template!, { ...data, ...(f.data ?? {}) }), mode: f.mode }));
  writeFiles(dir, files);
  return dir;
}

const generated = new Map<string, string>();
/** One generated directory per runtime, made on first use (not at collection time). */
function dirFor(runtime: StackAnswers['runtime']): string {
  if (!generated.has(runtime)) generated.set(runtime, generate({ runtime }));
  return generated.get(runtime)!;
}

/** Start a generated service with PORT=0, read the port from its first JSON log line. */
async function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  const logs: Array<Record<string, unknown>> = [];
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'listening') resolve(Number(entry.port));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
  return { child, logs, base: `http://127.0.0.1:${port}` };
}

async function exercise(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { child, logs, base } = await start(cmd, args, cwd, env);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  expect((await fetch(`${base}/`)).status).toBe(200);
  expect((await fetch(`${base}/nope`)).status).toBe(404);
  const metrics = await fetch(`${base}/metrics`);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await metrics.text();
  expect(text).toMatch(/^http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
  expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
  expect(text).toMatch(/^http_request_duration_seconds_bucket\{method="GET",route="\/",status="200",le="\+Inf"\} 1$/m);
  expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
  expect(text).toMatch(/^process_resident_memory_bytes \d/m);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number];
  expect(code).toBe(0);
  for (const entry of logs) expect(entry).toMatchObject({ level: expect.any(String), msg: expect.any(String), time: expect.any(String) });
  expect(logs.map((l) => l.msg)).toContain('stopped');
}

describe('node skeleton', () => {
  const dir = () => dirFor('node');
  it('passes its own tests (node --test)', () => {
    const r = run('npm', ['test', '--silent'], { cwd: dir() });
    expect(r.output, r.output).toMatch(/# pass [1-9]/);
    expect(r.status, r.output).toBe(0);
  });
  it('lints (node --check) and installs from its lockfile', () => {
    const lint = run('npm', ['run', 'lint', '--silent'], { cwd: dir() });
    expect(lint.status, lint.output).toBe(0);
    const ci = run('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: dir() });
    expect(ci.status, ci.output).toBe(0);
  });
  it('serves /healthz, /readyz, /metrics and exits 0 on SIGTERM', () => exercise(process.execPath, ['src/index.js'], dir()));
});

describe.skipIf(!tool('python3'))('python skeleton', () => {
  const dir = () => dirFor('python');
  it('passes its own tests (python3 -m unittest)', () => {
    const r = run('python3', ['-m', 'unittest', '-v'], { cwd: dir() });
    expect(r.output, r.output).toMatch(/\nOK/);
    expect(r.status, r.output).toBe(0);
  });
  it('serves /healthz, /readyz, /metrics and exits 0 on SIGTERM', () => exercise('python3', ['-m', 'app'], dir()));
});

// Not on CI: checked when the toolchain happens to exist.
describe.skipIf(!hasTool('gofmt'))('go skeleton', () => {
  it('is gofmt-clean', () => {
    const r = run('gofmt', ['-l', '-e', dirFor('go')]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
  it.skipIf(!hasTool('go') || !/go1\.(2[3-9]|[3-9]\d)/.test(run('go', ['version']).output))('vets and passes go test', () => {
    const dir = dirFor('go');
    const r = run('go', ['vet', './...'], { cwd: dir, env: { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
    expect(r.status, r.output).toBe(0);
    const t = run('go', ['test', './...'], { cwd: dir, env: { GOTOOLCHAIN: 'local' } });
    expect(t.status, t.output).toBe(0);
  });
});

describe.skipIf(!hasTool('javac'))('java skeleton', () => {
  it('compiles (javac) and serves', async () => {
    const dir = dirFor('java');
    const sources = (readdirSync(join(dir, 'src/main/java'), { recursive: true }) as string[]).filter((f) => f.endsWith('.java')).map((f) => join(dir, 'src/main/java', f));
    const out = join(dir, 'classes');
    const r = run('javac', ['--release', '17', '-Xlint:all', '-Werror', '-d', out, ...sources]);
    expect(r.status, r.output).toBe(0);
    // JDK 17's HttpServer.stop waits out its whole delay while keep-alive connections are open (fixed in 21).
    await exercise('java', ['-cp', out, 'com.example.service.App'], dir, { SHUTDOWN_TIMEOUT_MS: '1000' });
  });
});

// Compose varies with the observability answers, not the runtime: cover each service's switch.
const COMPOSE_CASES: Array<Partial<StackAnswers>> = [
  { runtime: 'node' },
  { runtime: 'go', monitoring: 'datadog', logging: 'efk', tracing: 'none' },
  { runtime: 'existing', monitoring: 'prometheus', logging: 'cloud', tracing: 'otel-jaeger' },
  { runtime: 'java', monitoring: 'datadog', logging: 'loki', tracing: 'none' },
];

describe.skipIf(!tool('yamllint'))('docker-compose.yml', () => {
  it.each(COMPOSE_CASES)('passes yamllint (relaxed) for %o', (answers) => {
    const dir = generate(answers);
    const compose = join(dir, 'infrastructure/docker/docker-compose.yml');
    expect(existsSync(compose)).toBe(true);
    const r = run('yamllint', ['-d', 'relaxed', '-f', 'parsable', compose]);
    // Only line-length may warn: the generic healthcheck command is one long shell line.
    expect(r.output.split('\n').filter((l) => l && !l.includes('(line-length)'))).toEqual([]);
    expect(r.status).toBe(0);
  });
});

describe('devops-audit on the app and container files', () => {
  it.each(['node', 'python', 'go', 'java', 'existing'] as const)('%s: no finding', async (runtime) => {
    const dir = dirFor(runtime);
    const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
    const { report } = await runAudit({ root: dir, files, rules: await loadRules(), config: defaultConfig() });
    const shown = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    expect(shown).toEqual([]);
    expect(report.summary.rulesRun).toBeGreaterThan(20);
    const containers = report.checklists.find((c) => c.id === 'containers')!;
    // The container checklist is fully evidenced by the Dockerfile alone.
    expect(containers.items.filter((i) => i.status !== 'pass').map((i) => i.id)).toEqual([]);
  });
});

describe('root files', () => {
  it('.devops-audit.yaml is a valid config that requires every checklist item', () => {
    const dir = dirFor('node');
    const config = parseConfig(readFileSync(join(dir, '.devops-audit.yaml'), 'utf8'), '.devops-audit.yaml');
    expect(config.failOn).toBe('high');
    expect(new Set(config.require)).toEqual(new Set(CHECKLISTS.flatMap((c) => c.items.map((i) => i.id))));
  });
  it.skipIf(!tool('pre-commit'))('.pre-commit-config.yaml validates', () => {
    const r = run('pre-commit', ['validate-config', '.pre-commit-config.yaml'], { cwd: dirFor('node') });
    expect(r.status, r.output).toBe(0);
  });
  it.skipIf(!tool('yamllint'))('root YAML passes yamllint (relaxed)', () => {
    const r = run('yamllint', ['-d', 'relaxed', '-f', 'parsable', '.devops-audit.yaml', '.pre-commit-config.yaml'], { cwd: dirFor('python') });
    expect(r.output).toBe('');
  });
  it.each(['node', 'python', 'go', 'java', 'existing'] as const)('%s: .env.example has names only; .gitignore keeps .env out', (runtime) => {
    const dir = dirFor(runtime);
    const env = readFileSync(join(dir, '.env.example'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const line of env) expect(line).toMatch(/^[A-Z][A-Z0-9_]*=$/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).not.toMatch(/\{\{|undefined/);
  });
});
