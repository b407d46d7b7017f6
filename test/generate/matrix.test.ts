// Every pairwise case, on disk: every JSON file we own is valid against its schema, every JSON
// file parses, files-changed.json lists exactly what is on disk, and yamllint (relaxed) accepts
// every YAML file, and devops-audit finds nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, findConfig, loadConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { schemaFor } from '../../src/generate/owned-json.js';
import { loadSchema, validator } from '../../src/schemas.js';
import { matrix } from '../helpers/matrix.js';
import { run, tool } from '../helpers/tools.js';

function walk(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== '.git' && e.name !== 'node_modules')
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

const cases = await matrix();
let rules: ReturnType<typeof loadRules> | undefined;
const hasYamllint = tool('yamllint');

describe.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
  const files = walk(c.dir).sort();

  it('JSON files parse, and the ones we own match their schemas', () => {
    const bad: string[] = [];
    const owned: string[] = [];
    for (const f of files.filter((p) => p.endsWith('.json'))) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(join(c.dir, f), 'utf8'));
      } catch (e) {
        bad.push(`${f}: ${(e as Error).message}`);
        continue;
      }
      const schema = schemaFor(f);
      if (!schema) continue;
      owned.push(f);
      const validate = validator(loadSchema(schema));
      if (!validate(value)) bad.push(`${f}: ${validate.errors![0].instancePath} ${validate.errors![0].message} (${schema})`);
    }
    expect(bad).toEqual([]);
    expect(owned.length).toBeGreaterThanOrEqual(10); // answers, manifest, files-changed, 3 context files, tasks
  });

  it('files-changed.json lists exactly the files on disk', () => {
    const fc = JSON.parse(readFileSync(join(c.dir, `.agency/handoff/${c.answers.feature}/devops-automator/files-changed.json`), 'utf8'));
    expect([...fc.created, ...fc.modified].sort()).toEqual(files);
  });

  it('devops-audit reports zero findings (with the stack\'s own .devops-audit.yaml, as the CLI reads it)', async () => {
    const file = findConfig(c.dir);
    const config = file ? loadConfig(file) : defaultConfig();
    const { report } = await runAudit({ root: c.dir, config, rules: await (rules ??= loadRules()) });
    const findings = report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([]);
  });

  it.skipIf(!hasYamllint)('yamllint -d relaxed accepts every YAML file', () => {
    const yaml = files.filter((f) => /\.ya?ml$/.test(f));
    const r = run('yamllint', ['-f', 'parsable', '-d', 'relaxed', ...yaml], { cwd: c.dir });
    const errors = r.output.split('\n').filter((l) => /\[error\]/.test(l));
    expect(errors).toEqual([]);
  });
});
