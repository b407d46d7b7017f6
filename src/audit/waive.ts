// `waive:` in the config: checklist items (or whole checklists) that do not apply to a
// repository, each with the reason — `monitoring: "a CLI package: no running service"`. A waived
// item is `n/a` with its reason (`waived`) in every report, the rules whose item it is do not
// run, and it cannot be required. Findings other rules file under a waived item stay findings.
//
// Applied around the engine (rules turned off before, statuses after) by the CLI.
import { ConfigError } from '../errors.js';
import { CHECKLISTS, CHECKLIST_ITEMS } from './checklists.js';
import type { AuditConfig } from './config.js';
import { scoreOf } from './score.js';
import type { AuditReport, Rule } from './types.js';

/** The reason an item (`cicd.rollback`) is waived, by itself or through its checklist. */
export function waiverOf(item: string, waive: AuditConfig['waive']): string | undefined {
  if (!waive) return undefined;
  return waive[item] ?? waive[item.split('.')[0]];
}

/**
 * Check the waivers against the checklists and `require` (a ConfigError names the problem), and
 * turn off the rules of waived items. Returns the ids turned off.
 */
export function prepareWaivers(config: AuditConfig, rules: Rule[]): string[] {
  const waive = config.waive;
  if (!waive || !Object.keys(waive).length) return [];
  const where = config.file ?? 'config';
  const lists = new Set(CHECKLISTS.map((c) => c.id));
  for (const id of Object.keys(waive)) {
    if (!lists.has(id) && !CHECKLIST_ITEMS.has(id)) throw new ConfigError(`${where}: unknown checklist item "${id}" in "waive" (see docs/cli.md)`);
  }
  for (const r of config.require) {
    // A required checklist with a waived item would be judged without it: say which to require.
    const items = lists.has(r) ? CHECKLISTS.find((c) => c.id === r)!.items.map((i) => i.id) : [r];
    const waived = items.filter((i) => waiverOf(i, waive));
    if (waived.length) throw new ConfigError(`${where}: "${r}" is required but ${waived.join(', ')} ${waived.length > 1 ? 'are' : 'is'} waived; require only items that apply`);
  }
  const off: string[] = [];
  for (const rule of rules) {
    if (rule.meta.id.startsWith('core/') || !waiverOf(rule.meta.checklistItem, waive)) continue;
    config.rules[rule.meta.id] = 'off';
    off.push(rule.meta.id);
  }
  return off;
}

/** Waived items become `n/a` with their reason; checklist scores are computed again. */
export function applyWaivers(report: AuditReport, waive: AuditConfig['waive']): void {
  if (!waive || !Object.keys(waive).length) return;
  for (const c of report.checklists) {
    let changed = false;
    for (const i of c.items) {
      const why = waiverOf(i.id, waive);
      if (why === undefined) continue;
      i.status = 'n/a';
      i.waived = why;
      changed = true;
    }
    if (changed) c.score = scoreOf(c.items);
  }
}
