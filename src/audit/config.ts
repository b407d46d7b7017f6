// `.devops-audit.yaml`: found next to the audited root (or given with --config), validated with
// ajv against schemas/audit-config.schema.json; errors name the key and its line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { builtValidator } from '../schemas.js';
import type { Severity } from './types.js';

export type RuleSetting = 'off' | 'on' | Severity | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> };

export interface AuditConfig {
  preset: 'recommended' | 'strict';
  failOn: Severity | 'none';
  maxFindings?: number;
  /** Checklist items or whole checklists that do not apply, with the reason (src/audit/waive.ts). */
  waive?: Record<string, string>;
  /** Time budget of one rule call on one file (src/audit/time-budget.ts); 0 disables it. */
  ruleTimeoutMs?: number;
  require: string[];
  checklists?: string[];
  ignore: string[];
  baseline?: string;
  rules: Record<string, RuleSetting>;
  /** Where it came from, for messages. */
  file?: string;
}

import { ConfigError } from '../errors.js';
export { ConfigError };

export const CONFIG_NAMES = ['.devops-audit.yaml', '.devops-audit.yml'];

export function defaultConfig(): AuditConfig {
  return { preset: 'recommended', failOn: 'high', require: [], ignore: [], rules: {} };
}

export function findConfig(root: string): string | undefined {
  for (const n of CONFIG_NAMES) if (existsSync(join(root, n))) return join(root, n);
  return undefined;
}

export function loadConfig(path: string, displayName = path): AuditConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${displayName}: cannot read config (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseConfig(text, displayName);
}

export function parseConfig(text: string, displayName: string): AuditConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new ConfigError(`${displayName}:${e.linePos?.[0]?.line ?? 1}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (e) {
    throw new ConfigError(`${displayName}: ${/alias/i.test((e as Error).message) ? 'aliases expand too much (an alias bomb?)' : (e as Error).message.split('\n')[0]}`);
  }
  const validate = builtValidator('audit-config.schema.json');
  if (!validate(value)) {
    const err = validate.errors![0];
    const path = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    // A key whose name is refused (propertyNames) is named itself, with what its name must be.
    const badName = (err as { propertyName?: string }).propertyName;
    const key = err.keyword === 'additionalProperties' ? [...path, String(err.params.additionalProperty)] : badName !== undefined ? [...path, badName] : path;
    const node = doc.getIn(key.length ? key : [], true) as { range?: number[] } | undefined;
    const keyNode = findKeyNode(doc.contents, key);
    const offset = keyNode?.range?.[0] ?? node?.range?.[0] ?? 0;
    const line = text.slice(0, offset).split('\n').length;
    const where = key.length ? `"${key.join('.')}"` : 'top level';
    const what = err.keyword === 'additionalProperties' ? 'unknown key' : badName !== undefined ? `key name ${err.message ?? 'invalid'}` : err.message ?? 'invalid';
    throw new ConfigError(`${displayName}:${line}: ${where}: ${what}`);
  }
  return { ...defaultConfig(), ...(value as Partial<AuditConfig>), file: displayName };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function findKeyNode(node: any, path: string[]): { range?: number[] } | undefined {
  let cur = node;
  let keyNode;
  for (const seg of path) {
    if (!isMap(cur)) return keyNode;
    const pair = cur.items.find((p) => (p.key as { value?: unknown })?.value === seg);
    if (!pair) return keyNode;
    keyNode = pair.key as { range?: number[] };
    cur = pair.value;
  }
  return keyNode;
}
