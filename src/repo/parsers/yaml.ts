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
  const docs = parseAllDocuments(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  const errors: ParseProblem[] = [];
  for (const d of list) {
    for (const e of d.errors) errors.push({ message: firstLine(e.message), offset: e.pos?.[0] ?? 0 });
  }
  return { docs: list.filter((d) => d.contents !== null || d.errors.length > 0), errors };
}

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
