// The string-valued members of a JSON text with their positions, read by a scanner over text that
// JSON.parse has already accepted. Secret detection needs only these; parsing every JSON file a
// second time with the YAML parser to get them cost as much as parsing all of them once
// (N=50 corpus: 1.06 s, mostly Grafana dashboards).

export interface JsonMember {
  /** The member's name. */
  key: string;
  /** The string value, unescaped. */
  value: string;
  /** Offset of the value's first character (after its opening quote). */
  offset: number;
  /** Length of the unescaped value (as the YAML reading gave). */
  length: number;
}

interface Frame {
  object: boolean;
  depth: number;
  /** In an object: the member name read, waiting for its value. */
  key?: string;
  /** The object's `name` member, when it is a string (Kubernetes env entries: {name, value}). */
  name?: string;
  /** Its `value` members holding strings. */
  values?: JsonMember[];
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** End index (of the closing quote) of the JSON string starting at `start` (its opening quote). */
export function stringEnd(text: string, start: number): number {
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

function unquote(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/**
 * Every `"key": "string"` member of every object, in document order, to a nesting depth of
 * `maxDepth` containers below the root. An object's `value` member is given again under the
 * object's `name` when that is a string, as a Kubernetes env entry names its value. The text must
 * be valid JSON (JSON.parse accepted it).
 */
export function jsonStringMembers(text: string, maxDepth = 50): JsonMember[] {
  const out: JsonMember[] = [];
  const stack: Frame[] = [];
  let top: Frame | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (WS.has(c) || c === ':' || c === ',') continue;
    if (c === '{' || c === '[') {
      top = { object: c === '{', depth: stack.length };
      stack.push(top);
    } else if (c === '}' || c === ']') {
      const done = stack.pop();
      if (done?.name !== undefined && done.values) for (const v of done.values) out.push({ ...v, key: done.name });
      top = stack[stack.length - 1];
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.object) {
        const s = unquote(text.slice(i, end + 1));
        if (top.key === undefined) top.key = s;
        else {
          if (top.depth <= maxDepth) {
            const m = { key: top.key, value: s, offset: i + 1, length: s.length };
            out.push(m);
            if (top.key === 'value') (top.values ??= []).push(m);
          }
          if (top.key === 'name') top.name = s;
          top.key = undefined;
        }
      }
      i = end;
    } else {
      // A number, true, false or null: a value, never a name.
      if (top?.object) top.key = undefined;
      while (i + 1 < text.length && !WS.has(text[i + 1]) && !',}]'.includes(text[i + 1])) i++;
    }
    // A container that was a member's value ends that member.
    if ((c === '}' || c === ']') && top?.object) top.key = undefined;
  }
  return out;
}
