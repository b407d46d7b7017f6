// Run one rule on an in-memory repository: used by the example tests, the docs and rule authors.
import { defaultConfig } from './config.js';
import { runAudit } from './engine.js';
import type { Example, Finding, Rule } from './types.js';

export async function runExample(rule: Rule, ex: Example): Promise<Finding[]> {
  const memory: Record<string, string> = { ...(ex.files ?? {}), [ex.path]: ex.code };
  const config = defaultConfig();
  if (ex.options) config.rules[rule.meta.id] = { options: ex.options };
  const rules = rule.meta.id.startsWith('core/') ? [] : [rule];
  const { report } = await runAudit({ root: '.', memory, config, rules });
  return report.findings.filter((f) => f.ruleId === rule.meta.id);
}
