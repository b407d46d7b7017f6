// YAML (and JSON, which is YAML 1.2 flow) with positions. Every document of a multi-doc stream is kept.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface ParseProblem {
  message: string;
  offset: number;
}

export interface YamlFile {
  docs: Document.Parsed[];
  errors: ParseProblem[];
}

/** Anchors expanded beyond this are refused: defends against alias ("billion laughs") bombs. */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string): YamlFile {
  // logLevel 'error': the library's warnings go to process stderr and quote keys from the file.
  // merge: `<<` merge keys (GitLab CI, Compose and Kubernetes files use them, several per map) are
  // applied as YAML 1.1 tools do, instead of being reported as duplicate keys.
  const docs = parseAllDocuments(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error', merge: true });
  const list = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  const errors: ParseProblem[] = [];
  for (const d of list) {
    for (const e of d.errors) errors.push({ message: firstLine(e.message), offset: e.pos?.[0] ?? 0 });
  }
  // An alias bomb ("billion laughs") parses small and expands huge: refuse it here, as a parse
  // error naming the file, so no rule ever tries to expand it. Only documents using aliases pay.
  if (ALIAS_USE.test(text)) {
    for (const d of list) {
      if (d.errors.length) continue;
      try {
        d.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        if (/alias/i.test((e as Error).message)) errors.push({ message: `aliases expand beyond ${MAX_ALIAS_COUNT} nodes (an alias bomb?); not expanded`, offset: d.range?.[0] ?? 0 });
      }
    }
  }
  return { docs: list.filter((d) => d.contents !== null || d.errors.length > 0), errors };
}

/** A `*name` alias after a value or item indicator, start of line or flow punctuation. */
const ALIAS_USE = /(^|[\s,[{:-])\*[^\s,[\]{}*/]/m;

/** `doc.toJS()` with a cap on alias expansion; returns undefined when the document is hostile or broken. */
export function toJS(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The documents of a file that parsed without errors: the ones rules read. */
export function cleanDocs(y: YamlFile): Document.Parsed[] {
  return y.docs.filter((d) => d.errors.length === 0);
}

/** Each clean document as plain JS (alias-capped), with the document for positions. */
export function plainDocs(y: YamlFile): Array<{ doc: Document.Parsed; value: unknown }> {
  return cleanDocs(y).map((doc) => ({ doc, value: toJS(doc) }));
}
