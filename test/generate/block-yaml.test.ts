// The block reader (src/generate/block-yaml.ts) stands in for yaml's parse() when generated files
// are read back: wherever it answers, it must answer exactly what parse() does, on every YAML file
// of the answer matrix and on the edge cases of each construct it reads or refuses.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { caseAnswers, pairwise } from '../../src/generate/answer-matrix.js';
import { parseBlockYaml } from '../../src/generate/block-yaml.js';
import { renderStack } from '../../src/generate/stack.js';

/** parse()'s value, or 'error' when it throws. */
function expected(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 100 });
  } catch {
    return 'error';
  }
}

/** Same value, and the same key order (the context files are JSON.stringify of it). */
function expectSame(text: string): void {
  const got = parseBlockYaml(text);
  if (got === undefined) return;
  expect(JSON.stringify(got), text).toBe(JSON.stringify(expected(text)));
  expect(got, text).toEqual(expected(text));
}

describe('parseBlockYaml on generated files', () => {
  it('reads every YAML file of the answer matrix as parse() does, and every workflow and rule file at all', async () => {
    const cases = [{}, ...pairwise()].map((p, i) => caseAnswers(`svc-${i}`, p));
    const unread: string[] = [];
    for (const answers of cases) {
      for (const f of await renderStack(answers)) {
        if (!/\.ya?ml$/.test(f.path)) continue;
        expectSame(f.content);
        // What the derive step and the docs read back: falling back to parse() is correct but slow.
        if (/^\.github\/workflows\/|^monitoring\/prometheus\/rules\//.test(f.path) && parseBlockYaml(f.content) === undefined) unread.push(`${answers.name}: ${f.path}`);
      }
    }
    expect(unread, 'generated files outside the block subset (see block-yaml.ts): extend the reader or keep the template plain').toEqual([]);
  });
});

const READ = {
  'core schema scalars': 'a: 1\nb: -2\nc: 1.5\nd: .5\ne: 007\nf: ~\ng: null\nh: True\ni: FALSE\nj:\nk: yes\nl: 1.2.3\nm: 1.\nn: -0\no: +1\np: -x\n',
  'literal, clipped, blank lines inside and after': 'key: |\n  line 1\n\n  line 3\n\n\nnext: x\n',
  'literal, stripped, more-indented line': 'key: |-\n  line 1\n    indented\n  line 3\n',
  'literal, comment-like content': 'key: |\n  # not a comment\n  x # nor this\n# a comment\nz: 2\n',
  'literal, empty': 'key: |\nnext: 1\n',
  'literal, leading blank line': 'key: |\n\n  leading\n',
  'literal, short blank line': 'key: |\n  x\n \n  y\n',
  'folded, paragraphs': 'key: >\n  folded\n  text\n\n  para\n\n\n  three\nnext: 1\n',
  'folded, stripped, nested': 'x:\n  y: >-\n    one\n    two\n  z: 1\n',
  'folded, leading blank line': 'key: >\n\n  leading\n',
  'folded, trailing blank lines': 'key: >\n  a\n\n\n',
  'quoted scalars and keys': 's: "a \\"q\\" \\\\ \\n \\t \\u00e9 \\x41 \\/ \\U0001F600 \\0"\nt: \'it\'\'s\'\n"quoted key": 1\n\'single\': 2\nu: \'\'\nv: ""\n',
  comments: 's: plain # comment\nt: "q" # c\nv: a#b\nw: x\n  # indented comment\n#c\nb:\n  # c\n  c: 2\n',
  'plain scalars with indicators inside': 'a: x:y\nb: http://x.y/z\nc: ${{ !cancelled() && x }}\nd: a - b\n',
  'sequences, compact and indented': 'list:\n- a\n- b\nmap:\n  - a\n  -   b\n  - c: 1\n    d: 2\n  - e: |\n      block\n    f: [x, "y", 3]\n',
  'flow sequences': 'on: [push, pull_request]\nempty: []\nx: [a b, c ]\ny: [1, 2.5, true, null, ~, "s", \'t\']\n',
  'nested mappings with empty values': 'on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n',
  'top-level sequence': '- a\n- b: 1\n',
};

const REFUSED = {
  'exponent, hex, octal, infinity': ['f: 1e3\n', 'g: 0x1F\n', 'h: 0o17\n', 'i: .inf\n'],
  'keep chomping, indentation indicator': ['key: |+\n  keep\n\n', 'key: |2\n   x\n'],
  'more-indented blank or folded lines': ['key: |\n    \n  x\n', 'key: |\n  x\n     \ny: 1\n', 'key: >\n  a\n    more\n  b\n'],
  'no line break at the end of a block scalar': ['key: |\n  no newline at end'],
  'multi-line scalars': ['s: "multi\n  line"\n', 's: plain\n  continued\n', 'y: [a,\n  b]\n'],
  'escapes outside the set, unclosed quotes': ['u: "bad \\q"\n', 'u: "\\u00e"\n', 'u: "\\e"\n', "u: 'x\n"],
  'anchors, aliases, tags, flow mappings': ['a: &x 1\nb: *x\n', 'a: !tag x\n', 'a: {b: 1}\n'],
  'documents and directives': ['---\na: 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n', '', '# only a comment\n'],
  'keys: duplicate, non-string, __proto__, spaced': ['a: 1\na: 2\n', 'true: 1\n', '200: ok\n', '__proto__: 1\n', 'a b: 1\n'],
  'indentation errors and tabs': ['a:\n\tb: 1\n', 'a:\n  b: 1\n   c: 2\n', 'a:\n  b: 1\n c: 2\n', 'key: |\n  a\n  \tb\n'],
  'nested and empty items': ['a:\n  - - x\n', 'a:\n  -\n    b: 1\n'],
  'invalid YAML': ['a: b: c\n', 'a: "x"y\n', "u: 'x'#c\n", 'q: -\n', 'z: [a, b,]\n'],
};

describe('parseBlockYaml edge cases', () => {
  it.each(Object.entries(READ))('reads %s as parse() does', (_name, text) => {
    expect(parseBlockYaml(text)).not.toBeUndefined();
    expectSame(text);
  });

  it.each(Object.entries(REFUSED))('leaves %s to parse()', (_name, texts) => {
    for (const text of texts) expect(parseBlockYaml(text), text).toBeUndefined();
  });
});

describe('parseBlockYaml on mutated generated files', () => {
  it('answers as parse() does, or not at all, on 4000 seeded mutations of the default stack\'s YAML', async () => {
    const sources = (await renderStack(caseAnswers('svc', {}))).filter((f) => /\.ya?ml$/.test(f.path)).map((f) => f.content);
    const pieces = [' ', '  ', '#', ' #x', ':', ': ', '- ', '"', "'", '\\', '|', '>', '[', ']', ',', '{', '&a', '*a', '!t', '\t', '\n', '\n  ', '---', 'true', '1', '0x1', '1e3', '~', '-', '?', '%', '"\\u00e9"', "''", '|-', '>-', 'é'];
    let seed = 20260101;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let read = 0;
    for (let i = 0; i < 4000; i++) {
      const lines = sources[rnd(sources.length)].split('\n');
      for (let k = rnd(3) + 1; k > 0; k--) {
        const at = rnd(lines.length);
        const line = lines[at];
        const col = rnd(line.length + 1);
        const edit = rnd(4);
        if (edit === 0) lines[at] = line.slice(0, col) + pieces[rnd(pieces.length)] + line.slice(col);
        else if (edit === 1) lines[at] = line.slice(0, col) + line.slice(col + 1 + rnd(3));
        else if (edit === 2) lines.splice(at, 0, lines[rnd(lines.length)]);
        else lines[at] = ' '.repeat(rnd(4)) + line;
      }
      const text = lines.join('\n');
      if (parseBlockYaml(text) === undefined) continue;
      read++;
      expect(JSON.stringify(parseBlockYaml(text)), text).toBe(JSON.stringify(expected(text)));
    }
    expect(read).toBeGreaterThan(500); // enough mutations stay inside the subset to test it
  });
});
