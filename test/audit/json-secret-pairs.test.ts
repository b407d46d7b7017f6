// Secret detection reads a JSON file's pairs through its JSON tree (parsers/json-tree.ts): exactly
// what reading the JSON with the YAML parser gave (the pairs, their offsets and lengths), on random
// JSON and on real JSON files.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/repo/parsers/json.js';
import { parseYaml } from '../../src/repo/parsers/yaml.js';
import { yamlPairs, type Assignment } from '../../src/rules-kit/secrets.js';
import { RUNS } from '../robustness/harness.js';

const order = (a: Assignment, b: Assignment) => a.offset - b.offset || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function viaYaml(text: string): Assignment[] | undefined {
  const y = parseYaml(text);
  if (y.errors.length) return undefined; // not a reading the old path trusted either
  const out: Assignment[] = [];
  yamlPairs(y.docs, out);
  return out.sort(order);
}

function viaScanner(text: string): Assignment[] {
  const out: Assignment[] = [];
  yamlPairs(parseJson(text).yaml.docs, out);
  return out.sort(order);
}

const sameAsYaml = (text: string) => {
  JSON.parse(text);
  const expected = viaYaml(text);
  if (expected) expect(viaScanner(text)).toEqual(expected);
};

describe('secret assignments of a JSON file, through its JSON tree', () => {
  it('matches the YAML reading on random JSON, compact or indented', () => {
    const texts = fc.tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, '\t')).map(([v, indent]) => JSON.stringify(v, null, indent));
    fc.assert(fc.property(texts, sameAsYaml), { numRuns: RUNS * 40 });
  });

  it('matches it on objects shaped like configuration (secret-named keys, env entries, escapes)', () => {
    const key = fc.constantFrom('name', 'value', 'password', 'token', 'api_key', 'image', 'a"b', 'x\\y', 'é', '');
    const str = fc.oneof(fc.string(), fc.constantFrom('pR7#kLm2Qz9wX', 'line\nbreak', 'quote"d', 'back\\slash', '😀 emoji', ''));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(fc.property(tree, fc.constantFrom(undefined, 1, 4), (v, indent) => sameAsYaml(JSON.stringify(v, null, indent))), { numRuns: RUNS * 40 });
  });

  it('gives a Kubernetes env value under its name, wherever the name sits', () => {
    const text = '{"env":[{"value":"c2stbGl2ZS1hYmMx","name":"API_KEY"},{"name":"DB_PASSWORD","value":"Xk2#pL9qRm4z"}]}';
    sameAsYaml(text);
    expect(viaScanner(text).map((m) => m.name)).toEqual(['API_KEY', 'value', 'name', 'name', 'DB_PASSWORD', 'value']);
  });

  it('stops below 50 levels of nesting, as the YAML walk did', () => {
    const deep = (n: number): unknown => (n === 0 ? { password: 'pR7#kLm2Qz9wX' } : { a: deep(n - 1) });
    for (const n of [49, 50, 51, 60]) sameAsYaml(JSON.stringify(deep(n)));
    expect(viaScanner(JSON.stringify(deep(51)))).toEqual([]);
  });

  it('matches it on the JSON files of the package', () => {
    for (const f of ['package.json', 'tsconfig.json', 'schemas/ai-state-pipelines.schema.json']) {
      const path = new URL(`../../${f}`, import.meta.url);
      sameAsYaml(readFileSync(path, 'utf8'));
    }
  });
});
