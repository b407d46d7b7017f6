// Every rule is one module under rules/<artifact>/<name>.(ts|js) with a default export.
// Resolved relative to this file so it works from dist/ (compiled) and from sources (vitest).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledFiles, importByPath } from '../bundled-modules.js';
import type { Rule } from './types.js';

export const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

export function ruleFiles(dir = RULES_DIR): string[] {
  // A bundled CLI knows its rules without listing the directory.
  const bundled = bundledFiles(dir);
  if (bundled?.length) return bundled;
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts)$/.test(e.name) && !/\.(test|spec|d)\.(js|ts)$/.test(e.name) && !e.name.startsWith('_')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

let cached: Promise<Rule[]> | undefined;

/** The rule a module exports (a clear error when it is not one). */
export async function importRule(file: string): Promise<Rule> {
  const mod = await importByPath<{ default?: Rule }>(file);
  if (!mod.default?.meta?.id || typeof mod.default.check !== 'function') {
    throw new Error(`${file}: not a rule module (default export with meta and check expected)`);
  }
  return mod.default;
}

/** Every rule module of `dir`, imported, with its file. */
export function loadRuleModules(dir = RULES_DIR): Promise<Array<{ rule: Rule; file: string }>> {
  return Promise.all(ruleFiles(dir).map(async (file) => ({ rule: await importRule(file), file })));
}

export function loadRules(dir = RULES_DIR): Promise<Rule[]> {
  if (dir === RULES_DIR && cached) return cached;
  const p = loadRuleModules(dir).then((loaded) => {
    const rules = loaded.map((l) => l.rule);
    const seen = new Set<string>();
    for (const r of rules) {
      if (seen.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
      seen.add(r.meta.id);
    }
    return rules.sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  });
  if (dir === RULES_DIR) cached = p;
  return p;
}

/** Identity helper that gives rule modules type checking. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
