import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadReporter, FORMATS } from '../../src/report/index.js';
import { loadSchema, validator } from '../../src/schemas.js';
import pinBaseImage from '../../rules/docker/pin-base-image.js';

const memory = {
  'Dockerfile': 'FROM node\n',
  'dir with space/Dockerfile.web': 'FROM python:latest\n',
  'broken.yaml': 'a: [\n',
  'sup/Dockerfile': '# devops-audit-ignore docker/pin-base-image: vendor image\nFROM ruby\n',
  'README.md': '# x | y\n',
};

async function fixture() {
  const { report, evidence } = await runAudit({ root: '.', memory, rules: [pinBaseImage], config: defaultConfig() });
  return { report, ctx: { color: false, rules: [pinBaseImage], evidence, quiet: false } };
}

// The official SARIF 2.1.0 schema (draft-04), shipped in @microsoft/jest-sarif with its ajv@6.
function sarifValidator() {
  const req = createRequire(require.resolve('@microsoft/jest-sarif/package.json'));
  const Ajv = req('ajv');
  const schema = req('./lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
  ajv.addMetaSchema(req('ajv/lib/refs/json-schema-draft-04.json'));
  return ajv.compile(schema);
}
const require = createRequire(import.meta.url);

describe('reporters', () => {
  it('json matches schemas/audit-report.schema.json', async () => {
    const { report, ctx } = await fixture();
    const out = JSON.parse((await loadReporter('json'))(report, ctx));
    const validate = validator(loadSchema('audit-report.schema.json'));
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.findings.some((f: { suppressed: boolean }) => f.suppressed)).toBe(true);
  });

  it('sarif is valid SARIF 2.1.0 with what GitHub code scanning requires', async () => {
    const { report, ctx } = await fixture();
    const sarif = JSON.parse((await loadReporter('sarif'))(report, ctx));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(sarif.runs).toHaveLength(1);
    expect(run.automationDetails.id).toBe('devops-audit/');
    for (const r of run.results) {
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).not.toMatch(/^(\/|file:)/);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(r.partialFingerprints['devopsAudit/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    expect(run.results.find((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri.includes('space')).locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/Dockerfile.web');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'docker/pin-base-image');
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(rule.help.markdown).toContain('How to fix');
    expect(run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions)).toHaveLength(1);
  });

  it('junit has one testcase per checklist item and failures carry findings', async () => {
    const { report, ctx } = await fixture();
    const xml = (await loadReporter('junit'))(report, ctx);
    expect(xml.startsWith('<?xml')).toBe(true);
    expect((xml.match(/<testcase classname="(cicd|infrastructure|monitoring|security|containers|delivery|operations)"/g) ?? []).length).toBe(42);
    expect(xml).toMatch(/containers\.pinned-base-images[^>]*><failure[^>]*>[^<]*Dockerfile:1:6 high docker\/pin-base-image/);
    expect(xml).toMatch(/cicd\.code-quality[^>]*><failure[^>]*>[^<]*broken\.yaml:\d+:\d+ high core\/parse-error/);
    expect(xml).not.toMatch(/&(?!(lt|gt|amp|apos|quot);)/);
  });

  it('markdown escapes table cells', async () => {
    const { report, ctx } = await fixture();
    const md = (await loadReporter('markdown'))(report, ctx);
    expect(md).toContain('## devops-audit: ❌ gate failed');
    expect(md).toContain('| `Dockerfile:1:6` | high | `docker/pin-base-image` |');
  });

  it('github annotations escape data and properties', async () => {
    const { report, ctx } = await fixture();
    const text = (await loadReporter('github'))(report, ctx);
    expect(text).toContain('::error file=Dockerfile,line=1,col=6,endLine=1,endColumn=10,title=docker/pin-base-image (high)::base image node has no tag');
    const { escapeData, escapeProperty } = await import('../../src/report/github.js');
    expect(escapeData('50%\nnext')).toBe('50%25%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('gitlab code quality has the fields GitLab reads', async () => {
    const { report, ctx } = await fixture();
    const issues = JSON.parse((await loadReporter('gitlab'))(report, ctx));
    expect(issues[0]).toMatchObject({ check_name: expect.any(String), description: expect.any(String), fingerprint: expect.any(String), severity: expect.any(String), location: { path: expect.any(String), lines: { begin: expect.any(Number) } } });
  });

  it('sarif, github and gitlab give paths from the repository root; json keeps them relative to the audited dir', async () => {
    const { report, ctx } = await fixture();
    const sub = { ...ctx, sourceRoot: { dir: '/work/repo', prefix: 'services/api', kind: 'git' as const } };
    const sarif = JSON.parse((await loadReporter('sarif'))(report, sub));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/repo/');
    const uris = run.results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: 'services/api/Dockerfile', uriBaseId: '%SRCROOT%' });
    expect(uris).toContainEqual({ uri: 'services/api/dir%20with%20space/Dockerfile.web', uriBaseId: '%SRCROOT%' });
    expect(uris.every((u: { uri: string }) => u.uri.startsWith('services/api/'))).toBe(true);
    const gh = (await loadReporter('github'))(report, sub);
    expect(gh).toContain('::error file=services/api/Dockerfile,line=1,col=6,');
    expect(gh).not.toMatch(/file=(?!services\/api\/)/);
    const gl = JSON.parse((await loadReporter('gitlab'))(report, sub));
    expect(gl.map((i: { location: { path: string } }) => i.location.path)).toContain('services/api/Dockerfile');
    expect(gl.every((i: { location: { path: string } }) => i.location.path.startsWith('services/api/'))).toBe(true);
    // The JSON contract: relative to the audited root.
    const json = JSON.parse((await loadReporter('json'))(report, sub));
    expect(json.findings.map((f: { file: string }) => f.file)).toContain('Dockerfile');
    // Without a source root (a library call), paths stay as they are and %SRCROOT% has no uri.
    const plain = JSON.parse((await loadReporter('sarif'))(report, ctx));
    expect(plain.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBeUndefined();
  });

  it('every format renders an empty report', async () => {
    const { report, evidence } = await runAudit({ root: '.', memory: {}, rules: [], config: defaultConfig() });
    for (const f of FORMATS) expect((await loadReporter(f))(report, { color: true, rules: [], evidence, quiet: false }).length).toBeGreaterThan(0);
  });
});
