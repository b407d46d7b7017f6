// Hostile and edgy answers: every free-text answer (name, environments, feature, region,
// repository, codeowners) is either rejected with a clear one-line message, or lands in the
// generated files so that they still parse (YAML, JSON, HCL with the tree-sitter parser, shell
// with bash -n), keeps its type (a name never becomes a YAML boolean, null or number), and
// injects no key and no command.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parseAllDocuments, visit } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswers, type StackAnswers } from '../../src/generate/answers.js';
import { answersFromFlags, completeAnswers } from '../../src/generate/resolve-answers.js';
import { renderStack } from '../../src/generate/stack.js';
import { AnswersError, checkPartialAnswers } from '../../src/generate/validate.js';
import { initHcl, parseHcl } from '../../src/repo/parsers/hcl.js';
import { RUNS } from './harness.js';

beforeAll(() => initHcl());

/** Values each field's pattern allows, biased to the ones YAML, shells and Markdown read specially. */
const EDGY: Record<string, string[]> = {
  name: ['null', 'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'nan', 'inf', 'e1', 'a-0', 'x'.repeat(40)],
  environments: ['no', 'on', 'yes', 'null', 'off', 'true', 'y', 'n', 'e9', 'a-b'],
  feature: ['123', '1e3', '1e-3', '0x1f', '0o17', '0b1', 'null', 'yes', '0', '00', '1-2', 'x'.repeat(60)],
  region: ['null', 'true', 'no', 'on', 'e1', 'us-east-1', 'a1'],
  repository: ['null/true', 'acme/.github', 'acme/-x', 'acme/...', 'a/_', 'A/B.C', 'acme/x.git', '0/0', 'acme/a--b', `${'a'.repeat(39)}/${'b'.repeat(100)}`],
  codeowners: ['@null', '@a', '@a/b', '@a/.', '@a/-', 'a@b.co', 'x%y+z@a-b.io', '@0/0', '_@x.io'],
};

/** Strings that try to break out of the format they land in. */
const HOSTILE = [
  '../x', '../../etc/passwd', '/abs/path', '~', '~root', 'a\0b', 'x'.repeat(5000), 'mу-service' /* Cyrillic у */, 'ｍy-service' /* fullwidth */,
  'a\u200bb', 'a\u202eb', 'x\ninjected_key: 1', 'x\r\ninjected: 1', 'x: {injected: 1}', '"; injected: 1; "', "x'\ninjected: 1",
  '$(touch /tmp/pwned)', '`touch /tmp/pwned`', 'a; rm -rf /', 'a && curl x|sh', '${IFS}', '"${x}"', '#{x}', '${{ github.event.issue.title }}',
  '%{ if true }x%{ endif }', '${var.x}', '"\n}\nresource "x" "y" {', '<!-- x -->', '[x](javascript:alert(1))', '| a | b |', '# heading', '*', '- x',
  '&a', '*a', '!!python/object:os.system', '{{ x }}', '\\', '\t', ' leading', 'trailing ', '', 'a b',
];

const FIELD_OF_LIST = new Set(['environments', 'codeowners']);

/** The flag value for a field: lists are comma-joined as on the command line. */
function asFlags(field: string, v: string): Record<string, string> {
  if (field === 'environments') return { environments: `${v},prod` };
  return { [field]: v };
}

/** Kubernetes and many tools read YAML 1.1 (yes/no/on/off are booleans there): both readings must keep the text. */
function yamlProblems(path: string, text: string, value: string): string[] {
  return [...yamlProblemsIn('1.2', path, text, value), ...(YAML11_SPECIAL.test(value) ? yamlProblemsIn('1.1', path, text, value) : [])];
}

/**
 * Plain scalars YAML 1.1's spec resolves to non-strings (the library's 1.1 schema also reads
 * `e1` as a number, which the spec and Go's yaml.v2 used by Kubernetes do not).
 */
const YAML11_SPECIAL = /^(y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9a-f_]+|0b[01_]+|0o?[0-7_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$/i;

function yamlProblemsIn(version: '1.1' | '1.2', path: string, text: string, value: string): string[] {
  const out: string[] = [];
  for (const d of parseAllDocuments(text, { version })) {
    if (d.errors.length) out.push(`${path}: YAML error ${d.errors[0].message.split('\n')[0]}`);
    else
      visit(d, {
        Scalar(_k, n) {
          // A plain scalar spelled like the answer must read back as that string.
          if (n.type === 'PLAIN' && n.source === value && n.value !== value) out.push(`${path}: "${value}" reads as ${JSON.stringify(n.value)} (YAML ${version})`);
        },
        Pair(_k, p) {
          const k = (p.key as { value?: unknown } | null)?.value;
          if (typeof k === 'string' && /injected/.test(k)) out.push(`${path}: injected key ${k}`);
        },
      });
  }
  return out;
}

function shellProblems(path: string, text: string): string[] {
  const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
  return r.status === 0 ? [] : [`${path}: bash -n: ${r.stderr.split('\n')[0]}`];
}

/** Every file of the stack that mentions the value still parses, and nothing was injected. */
async function renderedProblems(answers: StackAnswers, value: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of await renderStack(answers)) {
    if (!f.content.includes(value)) continue;
    if (/\.ya?ml$/.test(f.path)) out.push(...yamlProblems(f.path, f.content, value));
    else if (/\.json$/.test(f.path)) {
      try {
        JSON.parse(f.content);
      } catch (e) {
        out.push(`${f.path}: JSON ${(e as Error).message}`);
      }
    } else if (/\.(tf|tfvars|hcl)$/.test(f.path)) {
      const h = parseHcl(f.content);
      if (h.errors.length) out.push(`${f.path}: HCL ${h.errors[0].message}`);
    } else if (/\.sh$/.test(f.path) || f.content.startsWith('#!/bin/sh') || f.content.startsWith('#!/usr/bin/env bash')) out.push(...shellProblems(f.path, f.content));
    if (/pwned|rm -rf \//.test(f.content)) out.push(`${f.path}: an injected command`);
  }
  return out;
}

/** Validate as flags do; a rejection must be one printable line naming the field. */
function tryAnswers(field: string, v: string): StackAnswers | string {
  try {
    return completeAnswers({ ...answersFromFlags(asFlags(field, v)) });
  } catch (e) {
    expect(e).toBeInstanceOf(AnswersError);
    const m = (e as Error).message;
    expect(m).toMatch(/^[\x20-\x7e]+$/);
    expect(m.length).toBeLessThan(400);
    expect(m).toContain(field === 'environments' || field === 'codeowners' ? field : `--${field}`);
    return m;
  }
}

describe('edgy values each field allows', () => {
  for (const [field, values] of Object.entries(EDGY)) {
    it.each(values)(`${field} = %j: rejected clearly, or rendered into files that parse with the value intact`, async (v) => {
      const a = tryAnswers(field, v);
      if (typeof a === 'string') return;
      expect(await renderedProblems(a, v)).toEqual([]);
    });
  }
});

describe('hostile strings in every free-text answer are rejected with a clear message', () => {
  for (const field of Object.keys(EDGY)) {
    it(field, () => {
      for (const v of HOSTILE) {
        // Lists are split on commas and trimmed, as on a command line.
        if (FIELD_OF_LIST.has(field) && (v.includes(',') || v !== v.trim())) continue;
        const a = tryAnswers(field, v);
        expect(typeof a, `${field}=${JSON.stringify(v)} was accepted`).toBe('string');
      }
    });
  }

  it('an answers file with extra keys, wrong types or prototype keys is rejected', () => {
    for (const value of [{ __proto__: { name: 'x' } }, JSON.parse('{"__proto__": {"polluted": 1}}'), { constructor: 'x' }, { name: ['a'] }, { port: '8080; rm -rf /' }, { previews: 'yes' }, [], null, 'name: x']) {
      expect(() => checkPartialAnswers(value, 'answers.json')).toThrow(AnswersError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('property: any value a field pattern accepts renders into parsable files', () => {
  const PATTERNS: Record<string, RegExp> = {
    name: /^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/,
    feature: /^[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}$/,
    region: /^[a-z][a-z0-9-]{0,8}[a-z0-9]$/,
    repository: /^[A-Za-z0-9][A-Za-z0-9-]{0,6}\/[A-Za-z0-9._-]{1,10}$/,
    codeowners: /^(@[A-Za-z0-9][A-Za-z0-9-]{0,6}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,6})?|[A-Za-z0-9._%+-]{1,6}@[A-Za-z0-9.-]{1,6}\.[A-Za-z]{2,3})$/,
  };
  for (const [field, re] of Object.entries(PATTERNS)) {
    it(field, async () => {
      await fc.assert(
        fc.asyncProperty(fc.stringMatching(re), async (v) => {
          const a = tryAnswers(field, v);
          if (typeof a === 'string') return;
          expect(await renderedProblems(a, v)).toEqual([]);
        }),
        { numRuns: Math.max(3, Math.round(RUNS / 2)) },
      );
    });
  }
});

describe('the defaults render cleanly (sanity of the checks above)', () => {
  it('no problem with default answers', async () => {
    expect(await renderedProblems(defaultAnswers(), 'my-service')).toEqual([]);
  });
});
