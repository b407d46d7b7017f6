// Config errors, unknown rules and checklist items, broken or missing baselines, unwritable
// outputs: exit 2, exactly one line on stderr naming the problem, and nothing on stdout (no
// half-printed report).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aliasBomb } from './corpus.js';
import { AUDIT_BIN, cli, requireBuilt } from './harness.js';

requireBuilt();
const dir = mkdtempSync(join(tmpdir(), 'da-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'Dockerfile'), 'FROM node\n');
const cfg = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};
mkdirSync(join(dir, 'a-directory'));
mkdirSync(join(dir, 'readonly'));

const CASES: Array<[string, string[], RegExp]> = [
  ['invalid YAML config', ['-c', cfg('bad.yaml', 'a: 1\nb: [\n')], /config error: bad\.yaml:\d+: invalid YAML/],
  ['unknown config key', ['-c', cfg('key.yaml', 'preset: strict\nfailon: high\n')], /key\.yaml:2: "failon": unknown key/],
  ['bad config value', ['-c', cfg('val.yaml', 'failOn: sometimes\n')], /val\.yaml:1: "failOn"/],
  ['unknown rule in config', ['-c', cfg('rule.yaml', 'rules:\n  no/such-rule: off\n')], /unknown rule "no\/such-rule"/],
  ['config that is a list', ['-c', cfg('list.yaml', '- a\n- b\n')], /list\.yaml:1/],
  ['config alias bomb', ['-c', cfg('bomb.yaml', `rules: {}\nx:\n${aliasBomb().split('\n').slice(5).join('\n')}`)], /bomb\.yaml/],
  ['config full of NULs', ['-c', cfg('nul.yaml', Buffer.alloc(64, 0))], /nul\.yaml/],
  ['config in UTF-16', ['-c', cfg('u16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('failOn: loud\n', 'utf16le')]))], /u16\.yaml/],
  ['config path is a directory', ['-c', 'a-directory'], /a-directory/],
  ['missing config', ['-c', 'nope.yaml'], /config file not found: nope\.yaml/],
  ['unknown --rule', ['--rule', 'no/such-rule'], /unknown rule "no\/such-rule"/],
  ['unknown --explain', ['--explain', 'nope'], /unknown rule "nope"/],
  ['unknown --require item', ['--require', 'cicd.no-such-item'], /cicd\.no-such-item/],
  ['unknown --checklist', ['--checklist', 'nosuch'], /nosuch/],
  ['unknown require in config', ['-c', cfg('req.yaml', 'require: [monitoring.alert-rulez]\n')], /monitoring\.alert-rulez/],
  ['missing baseline', ['--baseline', 'missing.json'], /baseline not found: .*missing\.json/],
  ['baseline not JSON', ['--baseline', cfg('b1.json', '{not json')], /b1\.json is not valid JSON/],
  ['baseline without findings', ['--baseline', cfg('b2.json', '{"tool":"devops-audit"}')], /b2\.json has no "findings" array/],
  ['baseline that is a list', ['--baseline', cfg('b3.json', '[]')], /b3\.json/],
  ['baseline is a directory', ['--baseline', 'a-directory'], /a-directory/],
  ['unknown format', ['-f', 'xml'], /unknown format "xml"/],
  ['two formats on stdout', ['-f', 'json', '-f', 'sarif'], /only one format can go to stdout/],
  ['bad --fail-on', ['--fail-on', 'loud'], /--fail-on/],
  ['bad --max-findings', ['--max-findings', '-1'], /--max-findings/],
  ['bad --preset', ['--preset', 'lax'], /--preset/],
  ['unknown flag', ['--bogus'], /bogus/],
  ['missing target', ['no/such/dir'], /no such file or directory: no\/such\/dir/],
  ['report file in an unwritable place (stdout report first)', ['-f', 'stylish', '-f', 'json:/proc/version/x.json'], /I\/O error: cannot write \/proc\/version\/x\.json: a parent is not a directory/],
  ['baseline written to an unwritable place', ['--write-baseline', '/proc/version/b.json'], /I\/O error: cannot write \/proc\/version\/b\.json/],
];

describe('exit 2, one line, nothing on stdout', () => {
  it.each(CASES)('%s', (_label, args, reason) => {
    const r = cli(AUDIT_BIN, args, dir, { timeoutMs: 30_000 });
    expect(r.code, `${r.stdout.slice(0, 200)}\n${r.stderr}`).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^devops-audit: (usage|config|internal|I\/O) error: /);
    expect(lines[0]).toMatch(reason);
    expect(lines[0].length).toBeLessThan(400);
  });

  it('no stack trace, even for an internal error', () => {
    const r = cli(AUDIT_BIN, ['-f', 'json:/proc/version/x.json'], dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable config (not root)', () => {
    const name = cfg('locked.yaml', 'failOn: high\n');
    chmodSync(join(dir, name), 0o000);
    const r = cli(AUDIT_BIN, ['-c', name], dir);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/locked\.yaml: cannot read config \(EACCES\)/);
  });
});
