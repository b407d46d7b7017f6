// Terraform / HCL via tree-sitter's terraform grammar (WASM): error-tolerant, with positions.
// The WASM runtime is loaded once per process, and only when a Terraform file is audited.
// Each tree is copied into plain JS nodes and freed at once: WASM memory never shrinks, so keeping
// thousands of trees alive cost ~100 KB per file, and every `.type` or `.children` read on a
// tree-sitter node crossed into WASM and allocated (a third of a large audit's time).
import { createRequire } from 'node:module';
import type { Parser as TsParser } from 'web-tree-sitter';
import { LineIndex } from '../line-index.js';
import type { ParseProblem } from './yaml.js';

/** 0-based row and column of a string index, as tree-sitter gives them. */
function pointAt(lines: LineIndex, index: number): { row: number; column: number } {
  const p = lines.position(index);
  return { row: p.line - 1, column: p.column - 1 };
}

/** The source a tree was parsed from, shared by its nodes (text and positions are computed from it). */
class Source {
  private lines?: LineIndex;
  constructor(readonly text: string) {}
  point(index: number): { row: number; column: number } {
    this.lines ??= new LineIndex(this.text);
    return pointAt(this.lines, index);
  }
}

const NO_NODES: HclNode[] = [];
const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;
const HAS_UNNAMED = 8;

/** A syntax node: the subset of tree-sitter's Node API the rules use, in plain JS. */
export class HclNode {
  parent: HclNode | null = null;
  children: HclNode[] = NO_NODES;
  /** Position among the parent's children. */
  private index = 0;
  /** Bit flags (few fields: a large repository holds millions of nodes). */
  private flags: number;

  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    isNamed: boolean,
    isMissing: boolean,
    private readonly src: Source,
  ) {
    this.flags = (isNamed ? NAMED : 0) | (isMissing ? MISSING : 0);
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }
  get text(): string {
    return this.src.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): { row: number; column: number } {
    return this.src.point(this.startIndex);
  }
  get endPosition(): { row: number; column: number } {
    return this.src.point(this.endIndex);
  }
  get namedChildren(): HclNode[] {
    // Children are named but for a rare MISSING token: filter only then.
    return this.flags & HAS_UNNAMED ? this.children.filter((c) => c.isNamed) : this.children;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  namedChild(i: number): HclNode | null {
    return this.namedChildren[i] ?? null;
  }
  get childCount(): number {
    return this.children.length;
  }
  child(i: number): HclNode | null {
    return this.children[i] ?? null;
  }
  get firstChild(): HclNode | null {
    return this.children[0] ?? null;
  }
  get firstNamedChild(): HclNode | null {
    return this.namedChildren[0] ?? null;
  }
  get lastChild(): HclNode | null {
    return this.children[this.children.length - 1] ?? null;
  }
  get nextSibling(): HclNode | null {
    return this.parent?.children[this.index + 1] ?? null;
  }
  get previousSibling(): HclNode | null {
    return this.parent?.children[this.index - 1] ?? null;
  }

  /** @internal */
  adopt(kids: HclNode[]): void {
    this.children = kids.length ? kids : NO_NODES;
    for (let i = 0; i < kids.length; i++) {
      kids[i].parent = this;
      kids[i].index = i;
      if (kids[i].hasError || kids[i].isError || kids[i].isMissing) this.flags |= HAS_ERROR;
      if (!kids[i].isNamed) this.flags |= HAS_UNNAMED;
    }
  }
}

/** What compact facts point into: the file's text and line index (an Artifact). */
export interface SpanFile {
  readonly text: string;
  readonly lines: LineIndex;
}

/**
 * A stand-in for an HclNode in facts kept after the tree is dropped (rules-kit/terraform.ts keeps
 * every Terraform file's blocks for the repository-wide rules): the node's extent in the file and
 * what the helpers below read of it. A tree costs ~1 KB per attribute; its spans a few dozen bytes.
 * Only blocks, attributes and their values are kept: anything else read on a span is undefined.
 */
export class HclSpan {
  constructor(
    private readonly file: SpanFile,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}
  get text(): string {
    return this.file.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): { row: number; column: number } {
    return pointAt(this.file.lines, this.startIndex);
  }
  get endPosition(): { row: number; column: number } {
    return pointAt(this.file.lines, this.endIndex);
  }
}

/** An attribute's value: what `stringValue`, `literalValue` and terraform's `exprValue` gave on the tree. */
export class HclValueSpan extends HclSpan {
  constructor(
    file: SpanFile,
    startIndex: number,
    endIndex: number,
    /** `exprValue` of the expression. */
    readonly value: unknown,
    /** 1: a plain string literal (`stringValue`), 2: a number or bool literal, 0: anything else. */
    readonly literal: 0 | 1 | 2,
  ) {
    super(file, startIndex, endIndex);
  }
}

/** A block (or a file's root): its attributes and nested blocks, and the extent of its header. */
export class HclBodySpan extends HclSpan {
  constructor(
    file: SpanFile,
    startIndex: number,
    endIndex: number,
    readonly attrs: HclAttribute[],
    readonly blocks: HclBlock[],
    /** The header (identifier through the last label) when the block has one, else null. */
    readonly header: HclSpan | null,
  ) {
    super(file, startIndex, endIndex);
  }
}

export interface HclFile {
  root: HclNode;
  errors: ParseProblem[];
}

let parser: TsParser | undefined;
let loading: Promise<void> | undefined;

/** Load the tree-sitter runtime and the terraform grammar. Idempotent. */
export function initHcl(): Promise<void> {
  loading ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammarDir = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json').replace(/package\.json$/, '');
    const lang = await Language.load(`${grammarDir}tree-sitter-terraform.wasm`);
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
}

export function parseHcl(text: string): HclFile {
  if (!parser) throw new Error('HCL parser used before initHcl()');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  let root: HclNode;
  try {
    root = copyTree(tree.walk(), new Source(text));
  } finally {
    tree.delete();
  }
  const errors: ParseProblem[] = [];
  if (root.hasError || root.isError) collectErrors(root, errors);
  return { root, errors };
}

/**
 * Copy the tree under a cursor into HclNodes, iteratively (deep nesting must not overflow the
 * stack). Anonymous tokens (`=`, braces, quotes) are left out — half the nodes, and no rule reads
 * them — unless MISSING, which the parse errors report.
 */
function copyTree(cursor: ReturnType<NonNullable<ReturnType<TsParser['parse']>>['walk']>, src: Source): HclNode {
  const make = () => new HclNode(cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, cursor.nodeIsMissing, src);
  const root = make();
  const stack: Array<{ node: HclNode; kids: HclNode[] }> = [{ node: root, kids: [] }];
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      if (cursor.nodeIsNamed || cursor.nodeIsMissing) {
        const node = make();
        stack[stack.length - 1].kids.push(node);
        if (cursor.gotoFirstChild()) {
          stack.push({ node, kids: [] });
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        const done = stack.pop()!;
        done.node.adopt(done.kids);
        if (!stack.length || !cursor.gotoParent()) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}

function collectErrors(node: HclNode, out: ParseProblem[]): void {
  if (out.length >= 5) return;
  if (node.isError || node.isMissing) {
    // The file's own text is quoted only when it is a short token: an error node can start at
    // `password = "…` and the message must never carry a piece of a secret.
    const t = node.text.trim();
    out.push({ message: node.isMissing ? `missing ${node.type}` : `unexpected ${t.length && t.length <= 3 ? JSON.stringify(t) : 'syntax'}`, offset: node.startIndex });
    return;
  }
  for (const c of node.children) if (c.hasError || c.isMissing || c.isError) collectErrors(c, out);
}

// ---- helpers for rules: read Terraform blocks without caring about tree-sitter's shape ----

export interface HclBlock {
  node: HclNode;
  /** e.g. `resource`, `module`, `provider`, `terraform`, or a nested block name like `ingress`. */
  type: string;
  /** String labels: `["aws_s3_bucket", "logs"]`. */
  labels: string[];
  body: HclNode | null;
}

export interface HclAttribute {
  node: HclNode;
  name: string;
  /** The `expression` node. */
  value: HclNode;
}

function bodyOf(node: HclNode): HclNode | null {
  if (node.type === 'config_file') return node.namedChildren.find((c) => c?.type === 'body') ?? null;
  return node.namedChildren.find((c) => c?.type === 'body') ?? null;
}

/** Direct child blocks of a config file or block. */
export function blocks(parent: HclNode | HclBodySpan): HclBlock[] {
  if (parent instanceof HclBodySpan) return [...parent.blocks];
  const body = parent.type === 'body' ? parent : bodyOf(parent);
  if (!body) return [];
  const out: HclBlock[] = [];
  for (const c of body.namedChildren) {
    if (c?.type !== 'block') continue;
    const ident = c.namedChildren.find((n) => n?.type === 'identifier');
    const labels = c.namedChildren
      .filter((n): n is HclNode => n?.type === 'string_lit' || (n?.type === 'identifier' && n !== ident))
      .map((n) => stringValue(n) ?? n.text);
    out.push({ node: c, type: ident?.text ?? '', labels, body: bodyOf(c) });
  }
  return out;
}

/** Direct attributes of a block (`name = expr`). */
export function attributes(parent: HclNode | HclBodySpan): HclAttribute[] {
  if (parent instanceof HclBodySpan) return [...parent.attrs];
  const body = parent.type === 'body' ? parent : bodyOf(parent);
  if (!body) return [];
  const out: HclAttribute[] = [];
  for (const c of body.namedChildren) {
    if (c?.type !== 'attribute') continue;
    const name = c.namedChildren.find((n) => n?.type === 'identifier')?.text ?? '';
    const value = c.namedChildren.find((n) => n?.type === 'expression');
    if (value) out.push({ node: c, name, value });
  }
  return out;
}

export function attribute(parent: HclNode | HclBodySpan, name: string): HclAttribute | undefined {
  return attributes(parent).find((a) => a.name === name);
}

/** The value of a plain string literal (no interpolation), else undefined. */
export function stringValue(node: HclNode | HclValueSpan): string | undefined {
  if (node instanceof HclValueSpan) return node.literal === 1 ? (node.value as string) : undefined;
  let n: HclNode | null = node;
  while (n && (n.type === 'expression' || n.type === 'literal_value') && n.namedChildCount === 1) n = n.namedChild(0);
  if (!n || n.type !== 'string_lit') return undefined;
  const parts = n.namedChildren.filter((c) => c && c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end');
  if (parts.some((p) => p?.type !== 'template_literal')) return undefined;
  return parts.map((p) => p!.text).join('');
}

/** A literal value: string, number or bool; undefined for anything computed. */
export function literalValue(node: HclNode | HclValueSpan): string | number | boolean | undefined {
  if (node instanceof HclValueSpan) return node.literal ? (node.value as string | number | boolean) : undefined;
  const s = stringValue(node);
  if (s !== undefined) return s;
  let n: HclNode | null = node;
  while (n && (n.type === 'expression' || n.type === 'literal_value') && n.namedChildCount === 1) n = n.namedChild(0);
  if (!n) return undefined;
  if (n.type === 'numeric_lit') return Number(n.text);
  if (n.type === 'bool_lit') return n.text === 'true';
  return undefined;
}

/** All blocks in the file, recursively (resources, nested `ingress`, `dynamic` content…). */
export function allBlocks(root: HclNode | HclBodySpan): HclBlock[] {
  const out: HclBlock[] = [];
  const walk = (n: HclNode | HclBodySpan) => {
    for (const b of blocks(n)) {
      out.push(b);
      walk(b.node);
    }
  };
  walk(root);
  return out;
}

export const _testing = { requireParser: () => parser };
