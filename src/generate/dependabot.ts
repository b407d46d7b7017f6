// Dependabot entries for the services `add service` puts under services/<name>/: the runtime's
// package ecosystem in the service's directory, and docker where its Dockerfile is. The stack's
// own template renders them for the services recorded in the answers; for a dependabot.yml the
// user edited, `addEntries` inserts the missing ones as text after the last `updates` item, so
// every other byte (comments, order, quoting, the user's own entries) stays as it was.
import type { YAMLMap, YAMLSeq } from 'yaml';
import { picomatch, yaml } from './on-demand.js';

export const DEPENDABOT_PATH = '.github/dependabot.yml';

export interface DependabotEntry {
  'package-ecosystem': string;
  directory: string;
  schedule: { interval: string };
  groups?: Record<string, { patterns: string[]; 'update-types'?: string[] }>;
  'commit-message': { prefix: string };
}

/** The entries one service needs: its package ecosystem (none for `existing`), and docker. */
export function serviceEntries(name: string, ecosystem: string | undefined): DependabotEntry[] {
  const dir = `/services/${name}`;
  const out: DependabotEntry[] = [];
  if (ecosystem) {
    out.push({
      'package-ecosystem': ecosystem,
      directory: dir,
      schedule: { interval: 'weekly' },
      groups: { [`${name}-${ecosystem}-minor-and-patch`]: { patterns: ['*'], 'update-types': ['minor', 'patch'] } },
      'commit-message': { prefix: 'chore(deps)' },
    });
  }
  out.push({ 'package-ecosystem': 'docker', directory: `${dir}/infrastructure/docker`, schedule: { interval: 'weekly' }, 'commit-message': { prefix: 'chore(deps)' } });
  return out;
}

/** Entries as items of a block sequence whose dashes sit at `indent` columns. */
export function entriesYaml(entries: DependabotEntry[], indent = 2): string {
  if (!entries.length) return '';
  const text = yaml().stringify(entries, { lineWidth: 0, flowCollectionPadding: false, defaultStringType: 'PLAIN', collectionStyle: 'block' });
  // Short lists read better inline, as the template writes them: patterns: ["*"], update-types: [minor, patch].
  const inline = text
    .replace(/^(\s*)patterns:\n\s*- "\*"\n/gm, '$1patterns: ["*"]\n')
    .replace(/^(\s*)update-types:\n\s*- minor\n\s*- patch\n/gm, '$1update-types: [minor, patch]\n')
    .replace(/prefix: chore\(deps\)/g, 'prefix: "chore(deps)"');
  const pad = ' '.repeat(indent);
  return inline.split('\n').map((l) => (l ? `${pad}${l}` : l)).join('\n');
}

const norm = (p: string) => (p === '/' ? '/' : `/${p.replace(/^\/+|\/+$/g, '')}`);

/** What an `updates` item covers: its ecosystem and directory patterns. */
function coverage(item: unknown): { eco: string; dirs: string[] } | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  if (!isMap(item)) return undefined;
  const m = item as YAMLMap;
  const eco = m.get('package-ecosystem');
  const dirs: string[] = [];
  const one = m.get('directory');
  if (typeof one === 'string') dirs.push(one);
  const many = m.get('directories', true);
  if (isSeq(many)) for (const d of (many as YAMLSeq).items) if (isScalar(d) && typeof d.value === 'string') dirs.push(d.value);
  return typeof eco === 'string' ? { eco, dirs } : undefined;
}

/** Whether an existing item of the same ecosystem already updates `dir` (by path or glob, as Dependabot matches). */
function covered(existing: Array<{ eco: string; dirs: string[] }>, entry: DependabotEntry): boolean {
  const dir = norm(entry.directory);
  const same = (eco: string) => eco === entry['package-ecosystem'] || (entry['package-ecosystem'] === 'pip' && ['pip', 'uv', 'poetry'].includes(eco));
  return existing.some((e) => same(e.eco) && e.dirs.some((p) => norm(p) === dir || (/[*?{]/.test(p) && picomatch()(norm(p), { dot: true })(dir))));
}

export type AddResult = { content: string; added: DependabotEntry[] } | { error: string };

/**
 * Add the entries a dependabot.yml does not cover yet. Idempotent: entries already covered (by
 * the same directory or a glob) are left out, and with nothing to add the text comes back as is.
 * Refuses (returns an error) rather than guessing when the file is not a mapping with a block
 * `updates` list, or when the result would not parse back to the same entries plus the new ones.
 */
export function addEntries(text: string, entries: DependabotEntry[]): AddResult {
  const { isMap, isSeq, parseDocument } = yaml();
  const doc = parseDocument(text);
  if (doc.errors.length) return { error: `it is not valid YAML (${doc.errors[0].message.split('\n')[0]})` };
  if (!isMap(doc.contents)) return { error: 'it is not a mapping with an `updates` list' };
  const updates = doc.get('updates', true);
  if (!isSeq(updates)) return { error: 'it has no `updates` list' };
  const seq = updates as YAMLSeq;
  const existing = seq.items.map((i) => coverage(i)).filter((c): c is NonNullable<typeof c> => Boolean(c));
  const missing = entries.filter((e) => !covered(existing, e));
  if (!missing.length) return { content: text, added: [] };
  if (seq.flow || !seq.items.length || !seq.range) return { error: 'its `updates` list is empty or written inline' };

  // Dash column of the list, from its first item: `  - package-ecosystem: …` → 2.
  const first = seq.items[0] as { range?: [number, number, number] };
  const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] };
  if (!first.range || !last.range) return { error: 'its `updates` list has no source positions' };
  let dash = first.range[0] - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  if (text[dash] !== '-') return { error: 'its `updates` items are not written as `- …`' };
  const indent = dash - (text.lastIndexOf('\n', dash) + 1);
  if (/[^ ]/.test(text.slice(text.lastIndexOf('\n', dash) + 1, dash))) return { error: 'its `updates` items do not start their lines' };

  // After the line the last item's value ends on (its trailing comment included).
  const eol = text.indexOf('\n', Math.max(last.range[1] - 1, 0));
  const at = eol === -1 ? text.length : eol + 1;
  const before = text.slice(0, at);
  const content = `${before}${before.endsWith('\n') ? '' : '\n'}${entriesYaml(missing, indent)}${text.slice(at)}`;

  // The result must read back as the same entries plus the new ones, the rest of the file unchanged.
  const check = parseDocument(content);
  const was = doc.toJS() as { updates: unknown[] };
  const now = check.errors.length ? undefined : (check.toJS() as { updates?: unknown[] });
  const expected = { ...was, updates: [...was.updates, ...missing] };
  if (!now || JSON.stringify(now) !== JSON.stringify(expected)) return { error: 'the entries could not be added without changing the rest of it' };
  return { content, added: missing };
}

/** `npm /services/billing, docker /services/billing/infrastructure/docker` */
export function describeEntries(entries: DependabotEntry[]): string {
  return entries.map((e) => `${e['package-ecosystem']} ${e.directory}`).join(', ');
}
