// The generator's promise: devops-audit finds nothing in the default stack.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { defaultAnswers } from '../../src/generate/answers.js';
import { prepareStack } from '../../src/generate/stack.js';
import { writeStack } from '../../src/generate/write.js';

describe('devops-audit on the default stack', () => {
  it('has zero findings', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'cds-audit-')), 'my-service');
    writeStack(root, await prepareStack(defaultAnswers()));
    const { report } = await runAudit({ root, config: defaultConfig(), rules: await loadRules() });
    const findings = report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([]);
    expect(report.summary.passed).toBe(true);
  });
});
