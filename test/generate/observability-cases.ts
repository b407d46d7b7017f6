// Shared by matrix-monitoring and matrix-docs: the pairwise answer cases, each rendered with only
// the monitoring and docs parts (fast, and independent of other parts being mid-edit), plus the
// GitHub heading-anchor rules the runbook links are checked against.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultAnswers, type StackAnswers } from '../../src/generate/answers.js';
import { renderTemplate } from '../../src/generate/render.js';
import { templateData } from '../../src/generate/template-data.js';
import { writeFiles } from '../../src/generate/write.js';
import docs from '../../generators/parts/docs.js';
import monitoring from '../../generators/parts/monitoring.js';
import { pairwise } from '../helpers/matrix.js';

export interface ObservabilityCase {
  label: string;
  answers: StackAnswers;
  dir: string;
  files: string[];
}

let cases: ObservabilityCase[] | undefined;

/** Defaults plus every pairwise case, rendered once per test process. */
export function observabilityCases(): ObservabilityCase[] {
  if (cases) return cases;
  const root = mkdtempSync(join(tmpdir(), 'cds-observability-'));
  cases = [{}, ...pairwise()].map((p, i) => {
    const answers = defaultAnswers({ name: `svc-${i}`, ...p });
    const data = templateData(answers);
    const planned = [...monitoring(data), ...docs(data)];
    const dir = join(root, `case-${i}`);
    writeFiles(dir, planned.map((f) => ({ path: f.path, content: f.content ?? renderTemplate(f.template!, { ...data, ...(f.data ?? {}) }) })));
    const label = i === 0 ? 'defaults' : Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('>') : String(v)}`).join(',');
    return { label, answers, dir, files: planned.map((f) => f.path).sort() };
  });
  return cases;
}

export function read(c: ObservabilityCase, path: string): string {
  return readFileSync(join(c.dir, path), 'utf8');
}

export function listFiles(dir: string, under = ''): string[] {
  const base = join(dir, under);
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to '-', -1/-2 for repeats. */
export function headingAnchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1].replace(/[`*_~]/g, '').toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** `https://github.com/<repo>/blob/main/<path>#<anchor>` or a repo-relative path → where it points. */
export function runbookTarget(c: ObservabilityCase, url: string): { path: string; anchor: string } {
  const prefix = `https://github.com/${c.answers.repository}/blob/main/`;
  const rest = url.startsWith(prefix) ? url.slice(prefix.length) : url;
  const [path, anchor = ''] = rest.split('#');
  return { path, anchor };
}
