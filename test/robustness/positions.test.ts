// CRLF line endings and byte-order marks must not move a finding: every rule's failing example,
// converted to CRLF, to UTF-8 with BOM and to UTF-16LE with BOM, gives the same findings at the
// same lines and columns as the LF original.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import type { Example, Rule } from '../../src/audit/types.js';
import { MemorySource } from '../../src/repo/sources.js';
import { allRules } from './harness.js';

const rules = await allRules();

type Encode = (text: string) => Buffer;
const VARIANTS: Record<string, Encode> = {
  CRLF: (t) => Buffer.from(t.replace(/\r?\n/g, '\r\n')),
  'UTF-8 BOM': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
  'UTF-16LE BOM + CRLF': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\r?\n/g, '\r\n'), 'utf16le')]),
};

async function positions(rule: Rule, ex: Example, encode?: Encode): Promise<string[]> {
  const files: Record<string, string> = { ...(ex.files ?? {}), [ex.path]: ex.code };
  const bytes = Object.fromEntries(Object.entries(files).map(([p, t]) => [p, encode ? encode(t) : Buffer.from(t)]));
  const config = defaultConfig();
  if (ex.options) config.rules[rule.meta.id] = { options: ex.options };
  const { report } = await runAudit({ root: '.', memory: files, source: new MemorySource(bytes), config, rules: [rule] });
  // endColumn at the end of a line may or may not count the \r the rule's node ends before; line and start are exact.
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}-${f.endLine} ${f.message}`).sort();
}

describe.each(Object.keys(VARIANTS))('%s: findings stay where they were', (variant) => {
  for (const rule of rules) {
    const fails = rule.meta.examples.fail;
    if (!fails.length || rule.meta.id.startsWith('core/')) continue;
    it(rule.meta.id, async () => {
      for (const ex of fails) {
        const lf = await positions(rule, ex);
        expect(await positions(rule, ex, VARIANTS[variant]), `${ex.path}`).toEqual(lf);
      }
    });
  }
});

// The shell parser counts UTF-8 bytes; a non-ASCII word before a command must not move it.
describe('non-ASCII text in shell code keeps findings in place', () => {
  const wide = 'ünïcödé 日本語 😀';
  const narrow = 'x'.repeat(wide.length); // same length in UTF-16 code units
  const CASES: Array<[string, string, string]> = [
    ['docker/apk-no-cache', 'Dockerfile', `FROM alpine:3.20\nRUN echo "${wide}" && apk add curl=8.5.0-r0\n`],
    ['docker/pipefail', 'Dockerfile', `FROM alpine:3.20\nRUN echo "${wide}" && wget -qO- https://x.example | sh\n`],
    ['docker/apt-get-yes', 'Dockerfile', `FROM debian:12\nRUN echo "${wide}"; apt-get install curl=7.88.1-10\n`],
  ];
  for (const [id, path, code] of CASES) {
    it(`${id}: same line and column with or without non-ASCII before it`, async () => {
      const rule = rules.find((r) => r.meta.id === id);
      if (!rule) return; // rule renamed or removed: nothing to check
      const run = async (text: string) => (await runAudit({ root: '.', memory: { [path]: text }, config: defaultConfig(), rules: [rule] })).report.findings.map((f) => `${f.line}:${f.column}-${f.endColumn}`);
      const ascii = await run(code.replace(wide, narrow));
      expect(ascii.length, 'the ASCII case has a finding').toBeGreaterThan(0);
      expect(await run(code)).toEqual(ascii);
    });
  }
});
