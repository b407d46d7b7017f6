// A build-time index of the rules (dist/rules-index.json: each rule's file and metadata), so the
// CLI starts with every rule's metadata but imports a rule's module only when the rule first runs.
// A pre-commit run on three files needs a dozen of the ~160 rule modules; importing all of them was
// a fifth of its time. Written by the build (precompile.ts); ignored when it does not list exactly
// the rule files present (a partial build), and never used from sources (tests).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinUnder, posixRelative } from '../bundled-modules.js';
import { asciiEscaped, readText } from '../read-text.js';
import { importRule, RULES_DIR, ruleFiles } from './load-rules.js';
import type { Rule, RuleMeta } from './types.js';

export const RULE_INDEX_FILE = join(RULES_DIR, '..', 'rules-index.json');

interface IndexEntry {
  file: string;
  meta: Omit<RuleMeta, 'examples'>;
}

/** Write the index of `rules`, loaded from `dir` (the build does this from dist/). */
export function writeRuleIndex(rules: Array<{ rule: Rule; file: string }>, dir = RULES_DIR, out = RULE_INDEX_FILE): void {
  const sorted = [...rules].sort((a, b) => (a.rule.meta.id < b.rule.meta.id ? -1 : 1));
  const entries: IndexEntry[] = sorted.map(({ rule, file }) => {
    const { examples: _examples, ...meta } = rule.meta;
    return { file: posixRelative(dir, file), meta };
  });
  // ASCII: read without UTF-8 decoding (≈ 4 ms; src/read-text.ts).
  writeFileSync(out, `${asciiEscaped(JSON.stringify({ rules: entries }))}\n`);
}

/**
 * Rules whose module is imported on their first check (examples are not in the index: load the
 * module for those). Undefined when there is no usable index.
 */
export function indexedRules(dir = RULES_DIR, file = RULE_INDEX_FILE): Rule[] | undefined {
  let index: { rules: IndexEntry[] };
  try {
    index = JSON.parse(readText(file));
  } catch {
    return undefined;
  }
  // Usable only when it names exactly the rule files present (ruleFiles is sorted).
  const present = ruleFiles(dir).map((f) => posixRelative(dir, f));
  const indexed = index.rules.map((e) => e.file).sort();
  if (present.length !== indexed.length || present.some((f, i) => f !== indexed[i])) return undefined;
  return index.rules.map((e) => lazyRule(e, joinUnder(dir, e.file)));
}

function lazyRule(e: IndexEntry, path: string): Rule {
  let loading: Promise<void> | undefined;
  const rule: Rule = {
    meta: { ...e.meta, examples: { fail: [], pass: [] } },
    load() {
      // Later calls go straight to the rule (wrappers call `rule.check` on each call).
      loading ??= importRule(path).then((real) => {
        rule.check = real.check;
      });
      return loading;
    },
    async check(ctx) {
      await rule.load!();
      return rule.check(ctx);
    },
  };
  return rule;
}

