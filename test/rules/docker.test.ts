// Dockerfile rules: what the examples cannot express — exact positions, ARG expansion, heredoc
// RUN, continuation lines with comments, and the fixes applied to the text.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/audit/load-rules.js';
import { runExample } from '../../src/audit/testing.js';
import type { Finding, Rule } from '../../src/audit/types.js';

const rules = await loadRules();
const rule = (id: string): Rule => rules.find((r) => r.meta.id === id)!;
const run = (id: string, code: string, files?: Record<string, string>) => runExample(rule(id), { path: 'Dockerfile', code, files });
const at = (f: Finding[]) => f.map((x) => `${x.line}:${x.column}-${x.endLine}:${x.endColumn}`);

function applyFix(text: string, f: Finding): string {
  let out = text;
  for (const e of [...f.fix!.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('docker rules: positions and ARG expansion', () => {
  it('points at the image of the FROM, expanding global ARGs', async () => {
    const f = await run('docker/pin-base-image', 'ARG BASE=python\nARG TAG=latest\nFROM ${BASE}:${TAG} AS app\n');
    expect(at(f)).toEqual(['3:6-3:20']);
    expect(f[0].message).toContain('python:latest');
  });
  it('leaves an ARG without default alone', async () => {
    expect(await run('docker/pin-base-image', 'ARG BASE\nFROM ${BASE}\n')).toEqual([]);
  });
  it('finds a package in a continued RUN with a comment line inside, at its column', async () => {
    const code = 'FROM debian:12.5-slim\nRUN apt-get update \\\n  # tools we need\n  && apt-get install -y --no-install-recommends curl \\\n  && rm -rf /var/lib/apt/lists/*\n';
    const f = await run('docker/pin-packages', code);
    expect(at(f)).toEqual(['4:49-4:53']);
  });
  it('reads heredoc RUN bodies as shell', async () => {
    const code = 'FROM debian:12.5-slim\nRUN <<EOT\nset -eux\napt-get update\napt-get install -y curl=7.88.1-10+deb12u5\nEOT\n';
    const f = await run('docker/no-install-recommends', code);
    expect(at(f)).toEqual(['5:9-5:16']);
  });
  it('does not read a python heredoc as shell', async () => {
    const code = 'FROM python:3.12.4-slim\nRUN python3 <<PY\nimport os\nos.system("pip install flask")\nPY\n';
    expect(await run('docker/pin-packages', code)).toEqual([]);
  });
  it('reports the last USER root at its line', async () => {
    const f = await run('docker/non-root-user', 'FROM alpine:3.20\nUSER app\nRUN id\nUSER root\nCMD ["/app"]\n');
    expect(f.map((x) => x.line)).toEqual([4]);
  });
  it('never prints a secret value', async () => {
    const f = await run('docker/no-secrets-in-env', 'FROM alpine:3.20\nENV API_TOKEN=sk_live_abcdef123456\n');
    expect(f).toHaveLength(1);
    expect(f[0].message).not.toContain('sk_live');
  });
});

describe('docker rules: fixes', () => {
  it('ADD → COPY', async () => {
    const code = 'FROM alpine:3.20\nADD app/ /app/\n';
    const [f] = await run('docker/copy-not-add', code);
    expect(applyFix(code, f)).toBe('FROM alpine:3.20\nCOPY app/ /app/\n');
  });
  it('adds --no-install-recommends after install', async () => {
    const code = 'FROM debian:12.5-slim\nRUN apt-get install -y curl=7.88.1-10+deb12u5\n';
    const [f] = await run('docker/no-install-recommends', code);
    expect(applyFix(code, f)).toBe('FROM debian:12.5-slim\nRUN apt-get install --no-install-recommends -y curl=7.88.1-10+deb12u5\n');
  });
  it('adds --no-cache-dir to pip install, also as python -m pip', async () => {
    const code = 'FROM python:3.12.4-slim\nRUN python -m pip install -r requirements.txt\n';
    const [f] = await run('docker/pip-no-cache-dir', code);
    expect(applyFix(code, f)).toBe('FROM python:3.12.4-slim\nRUN python -m pip install --no-cache-dir -r requirements.txt\n');
  });
  it('adds --no-cache to apk add', async () => {
    const code = 'FROM alpine:3.20\nRUN apk add curl=8.5.0-r0\n';
    const [f] = await run('docker/apk-no-cache', code);
    expect(applyFix(code, f)).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl=8.5.0-r0\n');
  });
});

describe('compose rules', () => {
  it('finds the Dockerfile a service builds, with context and dockerfile', async () => {
    const f = await runExample(rule('compose/healthcheck'), {
      path: 'deploy/compose.yaml',
      code: 'services:\n  api:\n    build:\n      context: ../app\n      dockerfile: Dockerfile.prod\n',
      files: { 'app/Dockerfile.prod': 'FROM node:20.11.1-slim\nHEALTHCHECK CMD ["node", "hc.js"]\n' },
    });
    expect(f).toEqual([]);
  });
});
