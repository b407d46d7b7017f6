// A JSON file's YAML document (the nodes and positions rules read through the `yaml` API) built by
// a scanner over text JSON.parse has already accepted, instead of running the YAML parser over it:
// Grafana dashboards are large JSON files, and parsing them as YAML cost more than any rule
// (N=200 corpus: 2.4 s). The result is what `parseYaml` gives for the same text — node classes,
// values, scalar types, each node's start and value end — which a property test holds it to; a
// text it does not handle the same way (a repeated key, which YAML refuses; very deep nesting) is
// left to `parseYaml`. A node's third range offset (its end with what follows it) only
// approximates the YAML parser's, whose rules for blanks after flow items vary by token; findings
// point at start and value end, and no fix edits JSON.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** Deeper than this, the YAML parser reads the file (and says what it thinks of it). */
const MAX_DEPTH = 500;

class NotHandled extends Error {}

/** End index (of the closing quote) of the JSON string starting at `start` (its opening quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length - 1;
    let slashes = 0;
    for (let k = q - 1; text[k] === '\\'; k--) slashes++;
    if (slashes % 2 === 0) return q;
    i = q + 1;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The YAML document of a valid JSON text, or undefined when the text must go through the YAML
 * parser to read the same (see above).
 */
export function jsonDocument(text: string): Document.Parsed | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  // A value's range ends past the spaces after it (as the YAML parser's do); a key's does not.
  const value = (depth: number, key = false): Node => {
    if (depth > MAX_DEPTH) throw new NotHandled();
    const start = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      const node = c === '{' ? new YAMLMap() : new YAMLSeq();
      node.flow = true;
      i++;
      skip();
      const keys = c === '{' ? new Set<string>() : undefined;
      while (text[i] !== '}' && text[i] !== ']') {
        if (keys) {
          const key = value(depth + 1, true) as Scalar;
          if (keys.has(key.value as string)) throw new NotHandled(); // YAML refuses a repeated key
          keys.add(key.value as string);
          skip();
          i++; // ':'
          skip();
          (node as YAMLMap).items.push(new Pair(key, value(depth + 1)));
        } else (node as YAMLSeq).items.push(value(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          skip();
        }
      }
      i++;
      const end = i;
      skip();
      node.range = [start, end, i];
      return node;
    }
    let end: number;
    let v: unknown;
    let type: Scalar.Type;
    if (c === '"') {
      end = stringEnd(text, start) + 1;
      const raw = text.slice(start, end);
      v = raw.includes('\\') ? JSON.parse(raw) : raw.slice(1, -1);
      type = 'QUOTE_DOUBLE';
    } else {
      end = i;
      while (end < text.length && !isSpace(text.charCodeAt(end)) && !',}]:'.includes(text[end])) end++;
      v = JSON.parse(text.slice(start, end));
      type = 'PLAIN';
    }
    i = end;
    if (!key) skip();
    const s = new Scalar(v);
    s.type = type;
    s.source = typeof v === 'string' ? v : text.slice(start, end);
    s.range = [start, end, i];
    return s;
  };
  try {
    skip();
    // The document starts on the line of its first token (blank lines before it are not in it).
    const docStart = text.lastIndexOf('\n', i - 1) + 1;
    const contents = value(0);
    const doc = new Document() as Document.Parsed;
    doc.contents = contents as Document.Parsed['contents'];
    doc.range = [docStart, text.length, text.length];
    return doc;
  } catch (e) {
    if (e instanceof NotHandled || e instanceof RangeError) return undefined;
    throw e;
  }
}
