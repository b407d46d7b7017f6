// The JSON scanner's YAML document is what the YAML parser gives for the same JSON text: the same
// node classes, values, scalar types and ranges, on random JSON (compact and indented) and on the
// JSON files the generator writes (Grafana dashboards, answers, handoff files).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { defaultAnswers } from '../../src/generate/answers.js';
import { renderStack } from '../../src/generate/stack.js';
import { jsonDocument } from '../../src/repo/parsers/json-tree.js';
import { parseYaml, toJS } from '../../src/repo/parsers/yaml.js';
import { RUNS } from '../robustness/harness.js';

/** A node as comparable data: class, extent (start, value end), scalar value and type, children. */
function shape(n: unknown): unknown {
  const extent = (r: [number, number, number] | null | undefined) => r?.slice(0, 2);
  if (isScalar(n)) return { scalar: n.value, type: n.type, range: extent(n.range) };
  if (isMap(n)) return { map: n.items.map((p) => (isPair(p) ? [shape(p.key), shape(p.value)] : 'not a pair')), range: extent(n.range) };
  if (isSeq(n)) return { seq: n.items.map(shape), range: extent(n.range) };
  return { other: String(n) };
}

function sameAsYaml(text: string): void {
  JSON.parse(text);
  const mine = jsonDocument(text);
  const y = parseYaml(text);
  if (!mine) {
    // Left to the YAML parser: only a repeated key (which YAML refuses) or deep nesting.
    expect(y.errors.length > 0 || /(\[|\{)\s*(\[|\{)/.test(text)).toBe(true);
    return;
  }
  expect(y.errors).toEqual([]);
  const doc = y.docs[0];
  expect(shape(mine.contents as Node)).toEqual(shape(doc.contents));
  expect([mine.range[0], mine.range[2]]).toEqual([doc.range[0], doc.range[2]]); // where the document starts and ends
  expect(toJS(mine)).toEqual(toJS(doc));
}

describe('jsonDocument', () => {
  it('matches the YAML parser on random JSON, compact or indented', () => {
    const texts = fc.tuple(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(undefined, 2, '\t', 1)).map(([v, indent]) => JSON.stringify(v, null, indent));
    fc.assert(fc.property(texts, fc.constantFrom('', '\n', ' \n', '\r\n'), fc.constantFrom('', ' ', '\n'), (t, tail, lead) => sameAsYaml(lead + t + tail)), { numRuns: RUNS * 40 });
  });

  it('matches it on odd spacing, escapes and numbers', () => {
    for (const t of ['{}', '[]', ' { } ', '"a"', '42', '-0.5e-3', 'true', 'null', '{"a":{"b":[1,[2,[]],{}]} }', '[ "\\u00e9\\ud83d\\ude00", "\\\\", "\\/", "\\"q\\"" ]', '{\n\t"k" :\t"v" ,\r\n"n":\n1 }\n\n']) sameAsYaml(t);
  });

  it('leaves a repeated key to the YAML parser, which refuses it', () => {
    expect(jsonDocument('{"a": 1, "a": 2}')).toBeUndefined();
    expect(parseYaml('{"a": 1, "a": 2}').errors.length).toBeGreaterThan(0);
  });

  it('matches it on every JSON file of the default stack', async () => {
    const files = (await renderStack(defaultAnswers({ name: 'svc' }))).filter((f) => f.path.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) sameAsYaml(f.content);
  });
});
