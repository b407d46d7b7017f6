// Property: every parser adapter (yaml, json, dockerfile, hcl, markdown, shell), the decoder,
// the classifier and the line index take any input without throwing, and report problems at
// offsets inside the text. Inputs: random text and bytes, and mutated real files of each format.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/repo/classify.js';
import { decode } from '../../src/repo/decode.js';
import { looksBinary } from '../../src/repo/discover.js';
import { LineIndex } from '../../src/repo/line-index.js';
import { parseDockerfile } from '../../src/repo/parsers/dockerfile.js';
import { allBlocks, attributes, initHcl, literalValue, parseHcl } from '../../src/repo/parsers/hcl.js';
import { parseJson } from '../../src/repo/parsers/json.js';
import { parseMarkdown } from '../../src/repo/parsers/markdown.js';
import { charOffsets, commands, parseShell, walk } from '../../src/repo/parsers/shell.js';
import { requireCached } from '../../src/compile-cache.js';
import { parseYaml, toJS } from '../../src/repo/parsers/yaml.js';
import { allRules, RUNS } from './harness.js';
import { applyAll, mutationsArb } from './mutate.js';

beforeAll(() => initHcl());

const rules = await allRules();
/** Real files of one format, from every rule's examples. */
function seeds(test: (path: string) => boolean): Array<{ path: string; code: string }> {
  const out = rules.flatMap((r) => [...r.meta.examples.fail, ...r.meta.examples.pass]).flatMap((e) => [{ path: e.path, code: e.code }, ...Object.entries(e.files ?? {}).map(([path, code]) => ({ path, code }))]);
  return out.filter((s) => test(s.path));
}

/** Random text, or a mutated real file of the format. */
function inputs(test: (path: string) => boolean): fc.Arbitrary<string> {
  const real = seeds(test);
  const random = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', '-', ' ', '\n', '"', "'", '#', '&', '*', '|', '>', '=', '$', '(', ')', '\\', 'a', '1', '\t', '\r'), maxLength: 200 }));
  if (!real.length) return random;
  return fc.oneof(random, fc.tuple(fc.constantFrom(...real), mutationsArb).map(([s, ms]) => applyAll(s.path, s.code, ms)));
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Nodes (type and extent) and simple commands as mvdan-sh's JS API gives them: its Walk, NodeType and wrapped methods. */
function viaMvdanApi(text: string): { nodes: string[]; commands: Array<{ args: string[]; offset: number; end: number }> } {
  const { syntax } = requireCached('mvdan-sh') as { syntax: any };
  const file = syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash)).Parse(text, 'x.sh');
  const at = charOffsets(text);
  const nodes: string[] = [];
  const cmds: Array<{ args: string[]; offset: number; end: number }> = [];
  syntax.Walk(file, (n: any) => {
    if (!n) return true;
    const type = syntax.NodeType(n);
    // Literals aside: the tree also has some mvdan's Walk skips (`export`'s own word), never a command.
    if (type !== 'Comment' && type !== 'Lit') nodes.push(`${type} ${at(n.Pos().Offset())}-${at(n.End().Offset())}`);
    if (type === 'CallExpr' && n.Args.length > 0) {
      const args = n.Args.map((w: any) => w.Lit() || text.slice(at(w.Pos().Offset()), at(w.End().Offset())));
      cmds.push({ args, offset: at(n.Pos().Offset()), end: at(n.End().Offset()) });
    }
    return true;
  });
  return { nodes, commands: cmds };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const inside = (text: string) => (p: { offset: number }) => Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length;
const opts = { numRuns: RUNS * 15 };

describe('parser adapters never throw on any input', () => {
  it('yaml: documents, errors inside the text, toJS safe', () => {
    fc.assert(fc.property(inputs((p) => /\.ya?ml$/.test(p)), (text) => {
      const y = parseYaml(text);
      expect(y.errors.every(inside(text))).toBe(true);
      for (const d of y.docs) toJS(d);
    }), opts);
  });

  it('json: value or errors inside the text; positions through the lazy YAML view', () => {
    fc.assert(fc.property(inputs((p) => /\.json$/.test(p)), (text) => {
      const j = parseJson(text);
      expect(j.errors.every(inside(text))).toBe(true);
      if (!j.errors.length) void j.yaml.docs.length;
    }), opts);
  });

  it('dockerfile: instructions and ranges', () => {
    fc.assert(fc.property(inputs((p) => /Dockerfile|Containerfile/i.test(p)), (text) => {
      const d = parseDockerfile(text);
      for (const i of d.ast.getInstructions()) {
        i.getRange();
        i.getArguments();
      }
      d.ast.getFROMs().forEach((f) => f.getImageName());
    }), opts);
  });

  it('hcl: tree, errors inside the text, block helpers', () => {
    fc.assert(fc.property(inputs((p) => /\.(tf|tfvars|hcl)$/.test(p)), (text) => {
      const h = parseHcl(text);
      expect(h.errors.every(inside(text))).toBe(true);
      for (const b of allBlocks(h.root)) for (const a of attributes(b.node)) literalValue(a.value);
    }), opts);
  });

  it('markdown: headings, links, code blocks with lines', () => {
    fc.assert(fc.property(inputs((p) => /\.md$/.test(p)), (text) => {
      const m = parseMarkdown(text);
      expect([...m.headings, ...m.links, ...m.codeBlocks].every((x) => x.line >= 1)).toBe(true);
    }), opts);
  });

  it('shell: file or errors inside the text; commands listed', () => {
    fc.assert(fc.property(inputs((p) => /\.(sh|bash)$/.test(p)), (text) => {
      const s = parseShell(text, 'x.sh');
      expect(s.errors.every(inside(text))).toBe(true);
      for (const c of commands(s.file, text)) expect(c.offset).toBeLessThanOrEqual(c.end);
      if (!s.file) return;
      // The plain tree read from mvdan-sh's Go objects is what its own JS API gives node by node.
      const mine: string[] = [];
      walk(s.file, (n) => (n.type !== 'Lit' && mine.push(`${n.type} ${n.pos}-${n.end}`), true));
      const ref = viaMvdanApi(text);
      expect(mine.sort()).toEqual(ref.nodes.sort());
      expect(commands(s.file, text).map(({ args, offset, end }) => ({ args, offset, end }))).toEqual(ref.commands);
    }), opts);
  });
});

describe('text plumbing never throws', () => {
  it('decode: any bytes give text; invalid UTF-8 is said', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const buf = Buffer.from(bytes);
      const d = decode(buf);
      expect(typeof d.text).toBe('string');
      looksBinary(buf);
    }), opts);
  });

  it('line index: offset → position → offset round-trips, CRLF or not', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r\n', '\r', 'é', '😀'), maxLength: 200 }), fc.nat(), (text, n) => {
      const idx = new LineIndex(text);
      const o = n % (text.length + 1);
      const p = idx.position(o);
      expect(idx.offset(p.line, p.column)).toBe(o);
      expect(idx.lineText(p.line)).not.toMatch(/[\n]/);
    }), opts);
  });

  it('classify: any path and peek give at least one kind', () => {
    const seg = fc.oneof(fc.constantFrom('.github', 'workflows', 'templates', 'charts', 'docs', 'runbooks', 'Dockerfile', 'x.yml', 'values.yaml', '.env', 'a.tf', 'CODEOWNERS', '..', '.', ''), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.array(seg, { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 200 }), (segs, peek) => {
      expect(classify(segs.join('/'), () => peek).length).toBeGreaterThan(0);
    }), opts);
  });
});
