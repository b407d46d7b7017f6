// CODEOWNERS: one rule per line, `<pattern> <owner>…`, gitignore-style patterns, the LAST matching
// rule wins (a rule with no owners un-assigns). Parsed line by line with offsets for findings.
import { ArtifactCache } from './memo.js';
import ignore from 'ignore';
import type { Artifact, Repository } from '../repo/repository.js';

export interface OwnerRule {
  line: number;
  pattern: string;
  owners: string[];
  /** Offsets of the pattern and of each owner in the file. */
  patternAt: { offset: number; length: number };
  ownersAt: Array<{ offset: number; length: number }>;
  match: (path: string) => boolean;
}

export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

const cache = new ArtifactCache<OwnerRule[]>();

export function parseCodeowners(a: Artifact): OwnerRule[] {
  const hit = cache.get(a);
  if (hit) return hit;
  const out: OwnerRule[] = [];
  let offset = 0;
  a.text.split('\n').forEach((raw, i) => {
    const lineStart = offset;
    offset += raw.length + 1;
    const text = raw.replace(/\r$/, '');
    // Comments start a line or follow whitespace (`\#` escapes a literal #).
    const hash = text.search(/(^|\s)#/);
    const body = hash >= 0 ? text.slice(0, hash) : text;
    if (!body.trim()) return;
    const tokens: Array<{ t: string; offset: number }> = [];
    for (const m of body.matchAll(/(?:\\ |\S)+/g)) tokens.push({ t: m[0], offset: lineStart + m.index! });
    const [pat, ...owners] = tokens;
    const pattern = pat.t.replace(/\\ /g, ' ');
    let matcher: ReturnType<typeof ignore> | undefined;
    try {
      matcher = ignore().add(pattern);
    } catch {
      matcher = undefined;
    }
    out.push({
      line: i + 1,
      pattern,
      owners: owners.map((o) => o.t),
      patternAt: { offset: pat.offset, length: pat.t.length },
      ownersAt: owners.map((o) => ({ offset: o.offset, length: o.t.length })),
      match: (path: string) => {
        try {
          return matcher ? matcher.ignores(path) : false;
        } catch {
          return false;
        }
      },
    });
  });
  cache.set(a, out);
  return out;
}

/** The rule that owns a path (last match), or undefined. */
export function ownerOf(rules: OwnerRule[], path: string): OwnerRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (rules[i].match(path)) return rules[i];
  return undefined;
}

/** The CODEOWNERS file GitHub would use (first of .github/, root, docs/). */
export function codeownersFile(repo: Repository): Artifact | undefined {
  for (const p of CODEOWNERS_PATHS) {
    const a = repo.get(p);
    if (a) return a;
  }
  return repo.ofKind('codeowners')[0];
}

/** A valid owner: @user, @org/team, or an e-mail address. */
export function validOwner(o: string): boolean {
  return /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][\w.-]*)?$/.test(o) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o);
}
