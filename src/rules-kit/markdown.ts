// Markdown documents (runbooks, architecture docs, handoff summaries) read as sections: a heading,
// its level and line, and what lies under it, from the markdown-it parse of the repository layer.
import type { Artifact, Repository } from '../repo/repository.js';
import { resolveFrom } from './prometheus.js';
import { ancestorDirs } from './repo-paths.js';

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_~]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a document defines: heading slugs (with GitHub's -1, -2 suffixes) and explicit ids. */
export function anchors(a: Artifact): Set<string> {
  const out = new Set<string>();
  const counts = new Map<string, number>();
  for (const h of a.markdown.headings) {
    const s = slug(h.text);
    const n = counts.get(s) ?? 0;
    counts.set(s, n + 1);
    out.add(n ? `${s}-${n}` : s);
  }
  for (const m of a.text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

export interface Section {
  heading: string;
  level: number;
  /** Line of the heading (1-based). */
  line: number;
  /** Last line of the section's body (before the next heading of the same or a higher level). */
  endLine: number;
  /** Paragraph and list text under the heading (not in sub-sections). */
  text: string;
  /** Fenced or indented code blocks in the section, sub-sections included. */
  codeBlocks: number;
  /** Ordered or bulleted list items, sub-sections included (from the raw lines). */
  listItems: number;
}

export function sections(a: Artifact): Section[] {
  const md = a.markdown;
  const hs = md.headings;
  const lastLine = a.lines.lineCount;
  return hs.map((h, i) => {
    let end = lastLine;
    for (let j = i + 1; j < hs.length; j++) {
      if (hs[j].level <= h.level) {
        end = hs[j].line - 1;
        break;
      }
    }
    const nextAny = i + 1 < hs.length ? hs[i + 1].line - 1 : lastLine;
    const text = md.paragraphs.filter((p) => p.line > h.line && p.line <= nextAny).map((p) => p.text).join('\n');
    const codeBlocks = md.codeBlocks.filter((c) => c.line > h.line && c.line <= end).length;
    let listItems = 0;
    for (let l = h.line + 1; l <= end; l++) if (/^\s*([-*+]|\d+[.)])\s+\S/.test(a.lines.lineText(l))) listItems++;
    return { heading: h.text, level: h.level, line: h.line, endLine: end, text, codeBlocks, listItems };
  });
}

/** The first section whose heading matches. */
export function findSection(list: Section[], re: RegExp): Section | undefined {
  return list.find((s) => re.test(s.heading));
}

/** All text of a section including sub-sections, from the raw lines (for keyword evidence). */
export function sectionBody(a: Artifact, s: Section): string {
  const out: string[] = [];
  for (let l = s.line + 1; l <= s.endLine; l++) out.push(a.lines.lineText(l));
  return out.join('\n');
}

/** Tokens that mark a template nobody filled in. */
const PLACEHOLDER = /\b(TODO|TBD|FIXME|XXX)\b|\[(Your name|Your Name|Date|Project Name|Name|Company|Insert[^\]]*|[A-Z][a-z]+\/[A-Z][a-z]+\/[^\]]*)\]|lorem ipsum/g;

export interface Placeholder {
  token: string;
  line: number;
  column: number;
  length: number;
}

/**
 * Placeholders in a document's prose and headings (code blocks are skipped: a `# TODO` inside a
 * shell example is still a placeholder, but `XXX` in a sample value is not, so only TODO/TBD/FIXME
 * count there).
 */
export function placeholders(a: Artifact): Placeholder[] {
  const out: Placeholder[] = [];
  const codeLines = new Set<number>();
  for (const c of a.markdown.codeBlocks) {
    const n = c.content.split('\n').length;
    for (let l = c.line; l <= c.line + n; l++) codeLines.add(l);
  }
  for (let l = 1; l <= a.lines.lineCount; l++) {
    const t = a.lines.lineText(l);
    PLACEHOLDER.lastIndex = 0;
    for (const m of t.matchAll(PLACEHOLDER)) {
      if (codeLines.has(l) && !/^(TODO|TBD|FIXME)$/.test(m[0])) continue;
      // `[Date]` as a link label (`[Date](...)`) is a link, not a placeholder.
      if (m[0].startsWith('[') && t[(m.index ?? 0) + m[0].length] === '(') continue;
      out.push({ token: m[0], line: l, column: (m.index ?? 0) + 1, length: m[0].length });
    }
  }
  return out;
}

/** Words of a document's text, lowercased (for "does it mention RPO" questions). */
export function mentions(a: Artifact, re: RegExp): { line: number } | undefined {
  for (let l = 1; l <= a.lines.lineCount; l++) if (re.test(a.lines.lineText(l))) return { line: l };
  return undefined;
}

/** A GitHub/GitLab "view file" URL: the path after blob/<ref>/ is a file of some repository. */
const BLOB = /^https?:\/\/[^/]+\/[^/]+\/[^/]+(?:\/-)?\/(?:blob|tree)\/[^/]+\/(.+)$/;

export type RunbookResolution = { ok: true; note: string } | { ok: false; why: string };

export function resolveRunbook(repo: Repository, fromFile: string, url: string): RunbookResolution {
  if (/\{\{|\$\{/.test(url)) return { ok: true, note: 'templated URL' };
  let target = url;
  const blob = BLOB.exec(url);
  if (!blob) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      return /^https?:\/\/[^/\s]+/i.test(url) ? { ok: true, note: 'absolute URL' } : { ok: false, why: `"${url}" is not an http(s) URL or a path` };
    }
  } else target = blob[1];
  const hash = target.indexOf('#');
  const path = decodeURIComponent(hash >= 0 ? target.slice(0, hash) : target);
  const anchor = hash >= 0 ? target.slice(hash + 1) : '';
  // A path is tried from the rules file, then from each directory above it up to the root: in a
  // monorepo, services/api/monitoring/… names its runbook docs/runbooks/x.md (services/api/docs/…),
  // as its own repository would. The nearest existing one is meant.
  const candidates = blob ? ancestorDirs(fromFile).map((dir) => dir + path) : [resolveFrom(fromFile, path), ...ancestorDirs(fromFile).map((dir) => resolveFrom('', dir + path))];
  const found = candidates.find((c) => repo.exists(c));
  if (!found) return { ok: false, why: `runbook ${path} does not exist in the repository` };
  const art = repo.get(found);
  if (anchor && art?.is('markdown') && !anchors(art).has(anchor.toLowerCase())) {
    return { ok: false, why: `${found} has no heading for the anchor #${anchor}` };
  }
  return { ok: true, note: found };
}


// ---- what an on-call engineer needs from a runbook ----

export interface RequiredSection {
  key: string;
  label: string;
  heading: RegExp;
}

export const RUNBOOK_SECTIONS: RequiredSection[] = [
  { key: 'purpose', label: 'purpose', heading: /purpose|overview|when to use|summary|scope|about|context|introduction/i },
  { key: 'prerequisites', label: 'prerequisites', heading: /prerequisite|requirements|before you (start|begin)|access|you will need|you need|tools/i },
  { key: 'steps', label: 'step-by-step procedure', heading: /steps|procedure|instructions|how to|actions|resolution|mitigation|restore|recover|response|playbook|process/i },
  { key: 'verification', label: 'verification', heading: /verif|validat|confirm|check|smoke test|post-|health/i },
  { key: 'rollback', label: 'rollback', heading: /roll ?back|revert|undo|back out|abort/i },
  { key: 'escalation', label: 'escalation', heading: /escalat|contact|on-?call|who to call|support|owners?|communication/i },
];

/** The kinds of runbooks the automator's file list names (seed 001), by file name. */
export const RUNBOOK_TOPICS: Array<{ key: string; label: string; file: RegExp }> = [
  { key: 'deployment', label: 'deployment', file: /deploy|release|rollout/i },
  { key: 'incident-response', label: 'incident response', file: /incident|on-?call|outage|alerts?/i },
  { key: 'scaling', label: 'scaling', file: /scal|capacity/i },
  { key: 'disaster-recovery', label: 'disaster recovery', file: /disaster|recovery|(^|[-_])dr([-_.]|$)|restore|backup/i },
];

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Is this document a runbook? In a `runbooks/` (or `runbook/`, `playbooks/`) directory, or named
 * `RUNBOOK.md` / `<topic>-runbook.md`. Narrower than the classifier's "runbook" kind, which also
 * takes documents merely named after runbooks (`docs/rules/docs/runbook-sections.md`).
 */
export function isRunbook(a: Artifact): boolean {
  return /(^|\/)(runbooks?|playbooks?)\//i.test(a.path) || /(^|[-_.])runbook\.(md|markdown)$/i.test(baseName(a.path));
}

/** Runbooks of the repository (docs/runbooks/ and any *-runbook.md document). */
export function runbooks(repo: Repository): Artifact[] {
  return repo.ofKind('runbook').filter(isRunbook);
}

/** Does the document have real content: some prose or steps beyond its headings? */
export function isEmptyDoc(a: Artifact): boolean {
  const md = a.markdown;
  const words = md.paragraphs.map((p) => p.text).join(' ').split(/\s+/).filter(Boolean).length;
  return words < 20 && md.codeBlocks.length === 0;
}

// ---- handoff and context files (seed 001's handoff, seed 002's ai-state) ----

import { builtValidator } from '../schemas.js';

export interface SchemaProblem {
  message: string;
  /** The YAML node (JSON parsed as YAML) the problem is about. */
  node: unknown;
}

/** Validate a JSON artifact against a schema in schemas/; each problem points at its node. */
export function schemaProblems(a: Artifact, schemaFile: string): SchemaProblem[] {
  let validate;
  try {
    validate = builtValidator(schemaFile);
  } catch {
    return [];
  }
  if (validate(a.json.value)) return [];
  const doc = a.json.yaml.docs[0];
  const out: SchemaProblem[] = [];
  for (const err of (validate.errors ?? []).slice(0, 5)) {
    const path = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node = doc ? (path.length ? doc.getIn(path, true) : doc.contents) : undefined;
    const field = err.keyword === 'additionalProperties' ? [...path, String((err.params as { additionalProperty?: string }).additionalProperty)].join('.') : path.join('.');
    const what = err.keyword === 'additionalProperties' ? 'unknown field' : err.keyword === 'required' ? `missing required field "${String((err.params as { missingProperty?: string }).missingProperty)}"` : err.message ?? 'invalid';
    out.push({ message: `${field ? `"${field}": ` : ''}${what}`, node });
  }
  return out;
}

/** Schema of each ai-state context file (seed 002), by file name. */
export function aiStateSchema(path: string): string | undefined {
  if (/(^|\/)ai-state\/active\/devops\/tasks\/[^/]+\.json$/.test(path)) return 'ai-state-task.schema.json';
  const m = /(^|\/)ai-state\/active\/devops\/(pipelines|infrastructure|monitoring)\.json$/.exec(path);
  return m ? `ai-state-${m[2]}.schema.json` : undefined;
}

/** Handoff role directories: `.agency/handoff/<feature>/<role>/`. */
export function handoffDirs(paths: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of paths) {
    const m = /^(\.agency\/handoff\/[^/]+\/[^/]+)\/([^/]+)$/.exec(p);
    if (!m) continue;
    let s = out.get(m[1]);
    if (!s) out.set(m[1], (s = new Set()));
    s.add(m[2]);
  }
  return out;
}
