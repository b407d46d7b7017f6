// --fix and --fix-dry-run end to end, through the built CLI: each certain fix yields a file the
// rule then accepts, comments, blank lines, flow style and CRLF are kept, a second --fix changes
// nothing, and the dry-run prints a diff that `git apply` turns into exactly what --fix writes.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument, type YAMLMap } from 'yaml';
import { addToMap, execFormOf, insertBefore } from '../../src/rules-kit/fixes.js';
import { BIN, git, sh, write } from './git.js';

const RULES = [
  'docker/exec-form-cmd',
  'docker/copy-not-add',
  'docker/no-install-recommends',
  'docker/pip-no-cache-dir',
  'github-actions/job-timeout',
  'github-actions/least-privilege-permissions',
  'github-actions/pin-actions-to-sha',
  'kubernetes/run-as-non-root',
  'kubernetes/read-only-root-filesystem',
  'kubernetes/privilege-escalation',
];
const ONLY = RULES.flatMap((r) => ['--rule', r]);
const CHECKOUT_SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1'; // data/github-actions.json, actions/checkout v7.0.1

const CASES: Record<string, { before: string; after: string }> = {
  Dockerfile: {
    before: `# syntax=docker/dockerfile:1
FROM python:3.12.4-slim AS app
# system packages
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5 \\
    && rm -rf /var/lib/apt/lists/*
RUN pip install -r requirements.txt   # deps
ADD src/ /app/src/
USER 10001
CMD python -m app --port=8080
`,
    after: `# syntax=docker/dockerfile:1
FROM python:3.12.4-slim AS app
# system packages
RUN apt-get update && apt-get install --no-install-recommends -y curl=7.88.1-10+deb12u5 \\
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir -r requirements.txt   # deps
COPY src/ /app/src/
USER 10001
CMD ["python", "-m", "app", "--port=8080"]
`,
  },
  '.github/workflows/ci.yml': {
    before: `# CI for the app
name: CI

on:
  pull_request:   # every PR

# the jobs
jobs:
  test:
    runs-on: ubuntu-24.04 # fast
    steps:
      - uses: actions/checkout@v7.0.1
        with: {persist-credentials: false}
      - run: npm test

  deploy:
    runs-on: [self-hosted, linux]
    environment: staging
    steps:
      - uses: actions/checkout@v7
      - run: ./deploy.sh
`,
    after: `# CI for the app
name: CI

on:
  pull_request:   # every PR

permissions:
  contents: read

# the jobs
jobs:
  test:
    runs-on: ubuntu-24.04 # fast
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@${CHECKOUT_SHA} # v7.0.1
        with: {persist-credentials: false}
      - run: npm test

  deploy:
    runs-on: [self-hosted, linux]
    timeout-minutes: 30
    environment: staging
    steps:
      - uses: actions/checkout@${CHECKOUT_SHA} # v7.0.1
      - run: ./deploy.sh
`,
  },
  'k8s/api.yaml': {
    before: `# The API and its nightly job
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app # main
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            capabilities: {drop: [ALL]}   # keep
        - name: side
          image: ghcr.io/acme/side:1.0.0

        - {name: flow, image: "ghcr.io/acme/f:1.0.0", securityContext: {runAsUser: 1000}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: ghcr.io/acme/job:2.0.0
            securityContext:
`,
    after: `# The API and its nightly job
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app # main
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            capabilities: {drop: [ALL]}   # keep
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
        - name: side
          image: ghcr.io/acme/side:1.0.0
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
            readOnlyRootFilesystem: true

        - {name: flow, image: "ghcr.io/acme/f:1.0.0", securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: ghcr.io/acme/job:2.0.0
            securityContext:
              runAsNonRoot: true
              allowPrivilegeEscalation: false
              readOnlyRootFilesystem: true
`,
  },
  'k8s/pod-crlf.yaml': {
    before: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  namespace: shop\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: ghcr.io/acme/p:2.0.0\r\n',
    after:
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  namespace: shop\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: ghcr.io/acme/p:2.0.0\r\n      securityContext:\r\n        allowPrivilegeEscalation: false\r\n        runAsNonRoot: true\r\n        readOnlyRootFilesystem: true\r\n',
  },
  // A UTF-8 BOM is kept; the text after it is what the rules saw.
  'bom/Dockerfile': {
    before: '\uFEFFFROM alpine:3.20\nADD app/ /app/\n',
    after: '\uFEFFFROM alpine:3.20\nCOPY app/ /app/\n',
  },
};

/** Findings a rule reports but must not fix: each is a choice or needs the shell. */
const NOT_CERTAIN: Record<string, string> = {
  'keep/Dockerfile': 'FROM alpine:3.20\nUSER 10001\nCMD node "$ENTRY" && echo done\n',
  '.github/workflows/release.yml':
    'on: push\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10\n    steps:\n      - uses: actions/checkout@v4 # a major behind: not a certain pin\n      - uses: some-org/publish@v1\n',
  'keep/k8s/pod.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata: {name: k, namespace: shop}\nspec:\n  containers:\n    - name: c\n      image: ghcr.io/acme/k:1.0.0\n      securityContext: {runAsUser: 0, readOnlyRootFilesystem: false, allowPrivilegeEscalation: true}\n',
};

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gate-fix-'));
  write(dir, files);
  return dir;
}
const before = Object.fromEntries(Object.entries(CASES).map(([p, c]) => [p, c.before]));
const audit = (dir: string, args: string[]) => sh(process.execPath, [BIN, ...args], dir);
const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const findings = (dir: string, args: string[] = ONLY) => JSON.parse(audit(dir, ['-f', 'json', ...args]).output.replace(/^devops-audit:.*$/gm, '')).findings as Array<{ ruleId: string; file: string }>;

describe('--fix', () => {
  it('writes what each rule asks for, keeping comments, blank lines, flow style, CRLF and BOM; the rules then accept the files', () => {
    const dir = repo({ ...before, ...NOT_CERTAIN });
    const r = audit(dir, ['--fix', '-q', ...ONLY]);
    expect(r.output).toContain(`fixed ${Object.keys(CASES).length} files`);
    for (const [p, c] of Object.entries(CASES)) expect(read(dir, p), p).toBe(c.after);
    const left = findings(dir);
    expect(left.filter((f) => !(f.file in NOT_CERTAIN))).toEqual([]);
    // Every file is still valid: YAML parses clean, and the whole audit finds no parse error
    // and no actionlint error in what was written.
    for (const p of Object.keys(CASES).filter((x) => x.endsWith('.yaml') || x.endsWith('.yml'))) {
      for (const d of parseAllDocuments(read(dir, p))) expect(d.errors, p).toEqual([]);
    }
    const all = findings(dir, []);
    expect(all.filter((f) => !(f.file in NOT_CERTAIN) && /^(core\/parse-error|github-actions\/actionlint)$/.test(f.ruleId))).toEqual([]);
  });

  it('leaves alone what is a choice or needs the shell', () => {
    const dir = repo(NOT_CERTAIN);
    const found = findings(dir);
    for (const p of Object.keys(NOT_CERTAIN)) expect(found.some((f) => f.file === p), p).toBe(true);
    const r = audit(dir, ['--fix', '-q', ...ONLY]);
    expect(r.output).toContain('fixed 0 files');
    for (const [p, c] of Object.entries(NOT_CERTAIN)) expect(read(dir, p), p).toBe(c);
  });

  it('a second --fix changes nothing, with these rules or with all of them', () => {
    const dir = repo(before);
    audit(dir, ['--fix', '-q', ...ONLY]);
    const once = Object.keys(CASES).map((p) => read(dir, p));
    expect(audit(dir, ['--fix', '-q', ...ONLY]).output).toContain('fixed 0 files');
    expect(Object.keys(CASES).map((p) => read(dir, p))).toEqual(once);
    // Every rule's fixes (apk --no-cache, apt-get -y … too) settle in one run as well.
    const full = repo(before);
    audit(full, ['--fix', '-q']);
    const first = Object.keys(CASES).map((p) => read(full, p));
    expect(audit(full, ['--fix', '-q']).output).toContain('fixed 0 files');
    expect(Object.keys(CASES).map((p) => read(full, p))).toEqual(first);
  });
});

describe('--fix-dry-run', () => {
  it('prints a unified diff, changes nothing, and the diff applies to give what --fix writes', () => {
    const dir = repo(before);
    git(dir, 'init', '-q');
    // The report goes to a file, so stdout holds only the diff.
    const r = sh(process.execPath, [BIN, '--fix-dry-run', '-f', `json:${join(tmpdir(), 'gate-fix-report.json')}`, ...ONLY], dir);
    for (const p of Object.keys(CASES)) {
      expect(r.output).toContain(`--- a/${p}\n+++ b/${p}\n`);
      expect(read(dir, p), p).toBe(CASES[p].before);
    }
    expect(r.output).toContain('+CMD ["python", "-m", "app", "--port=8080"]');
    const diff = r.output.replace(/^devops-audit: would fix.*\n/m, '');
    writeFileSync(join(dir, 'fix.diff'), diff);
    const applied = git(dir, 'apply', '--whitespace=nowarn', 'fix.diff');
    expect(applied.status, applied.output).toBe(0);
    for (const [p, c] of Object.entries(CASES)) expect(read(dir, p), p).toBe(c.after);
    const copy = mkdtempSync(join(tmpdir(), 'gate-fix-copy-'));
    cpSync(dir, copy, { recursive: true });
    expect(audit(copy, ['--fix-dry-run', '-q', ...ONLY]).output).toContain('would fix 0 files');
  });
});

describe('fix helpers (src/rules-kit/fixes.ts)', () => {
  it('execFormOf turns plain words into JSON and refuses anything the shell would interpret', () => {
    expect(execFormOf('node server.js --port=8080')).toBe('["node", "server.js", "--port=8080"]');
    for (const body of ['node $APP', 'node "a b"', 'a && b', 'run *.js', 'x > log', "echo 'hi'", 'a;b', 'cmd `id`', '']) expect(execFormOf(body), body).toBeUndefined();
  });

  it('addToMap adds only what is missing, in the style of the map it goes into', () => {
    const text = 'a:\n  b: 1 # one\nc: {d: 2}\ne:\n';
    const doc = parseDocument(text);
    const root = doc.contents as YAMLMap;
    const apply = (e: { start: number; end: number; text: string } | undefined) => (e ? text.slice(0, e.start) + e.text + text.slice(e.end) : undefined);
    expect(apply(addToMap(text, root, ['a', 'x'], 'true'))).toBe('a:\n  b: 1 # one\n  x: true\nc: {d: 2}\ne:\n');
    expect(apply(addToMap(text, root, ['c', 'x'], 'true'))).toBe('a:\n  b: 1 # one\nc: {d: 2, x: true}\ne:\n');
    expect(apply(addToMap(text, root, ['e', 'x', 'y'], 'z'))).toBe('a:\n  b: 1 # one\nc: {d: 2}\ne:\n  x:\n    y: z\n');
    expect(apply(addToMap(text, root, ['f', 'g'], '1'))).toBe('a:\n  b: 1 # one\nc: {d: 2}\ne:\nf:\n  g: 1\n');
    expect(apply(addToMap(text, root, ['a', 'b', 'x'], '1'))).toBeUndefined(); // b is a scalar
    expect(addToMap(text, root, ['a', 'b'], '2')).toBeUndefined(); // already set: a choice
  });

  it('insertBefore keeps the comment above its key', () => {
    const text = 'on: push\n# the jobs\njobs: {}\n';
    const e = insertBefore(text, parseDocument(text).contents as YAMLMap, 'jobs', 'permissions:\n  contents: read')!;
    expect(text.slice(0, e.start) + e.text + text.slice(e.end)).toBe('on: push\npermissions:\n  contents: read\n# the jobs\njobs: {}\n');
  });
});
