// Terraform / HCL via tree-sitter's terraform grammar (WASM): error-tolerant, with positions.
// The WASM runtime is loaded once per process, and only when a Terraform file is audited.
import { createRequire } from 'node:module';
import type { Node as TsNode, Parser as TsParser, Tree } from 'web-tree-sitter';
import type { ParseProblem } from './yaml.js';

export type HclNode = TsNode;
export interface HclFile {
  tree: Tree;
  root: TsNode;
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
  const errors: ParseProblem[] = [];
  if (tree.rootNode.hasError) collectErrors(tree.rootNode, errors);
  return { tree, root: tree.rootNode, errors };
}

function collectErrors(node: TsNode, out: ParseProblem[]): void {
  if (out.length >= 5) return;
  if (node.isError || node.isMissing) {
    // The file's own text is quoted only when it is a short token: an error node can start at
    // `password = "…` and the message must never carry a piece of a secret.
    const t = node.text.trim();
    out.push({ message: node.isMissing ? `missing ${node.type}` : `unexpected ${t.length && t.length <= 3 ? JSON.stringify(t) : 'syntax'}`, offset: node.startIndex });
    return;
  }
  for (const c of node.children) if (c && (c.hasError || c.isMissing)) collectErrors(c, out);
}

// ---- helpers for rules: read Terraform blocks without caring about tree-sitter's shape ----

export interface HclBlock {
  node: TsNode;
  /** e.g. `resource`, `module`, `provider`, `terraform`, or a nested block name like `ingress`. */
  type: string;
  /** String labels: `["aws_s3_bucket", "logs"]`. */
  labels: string[];
  body: TsNode | null;
}

export interface HclAttribute {
  node: TsNode;
  name: string;
  /** The `expression` node. */
  value: TsNode;
}

function bodyOf(node: TsNode): TsNode | null {
  if (node.type === 'config_file') return node.namedChildren.find((c) => c?.type === 'body') ?? null;
  return node.namedChildren.find((c) => c?.type === 'body') ?? null;
}

/** Direct child blocks of a config file or block. */
export function blocks(parent: TsNode): HclBlock[] {
  const body = parent.type === 'body' ? parent : bodyOf(parent);
  if (!body) return [];
  const out: HclBlock[] = [];
  for (const c of body.namedChildren) {
    if (c?.type !== 'block') continue;
    const ident = c.namedChildren.find((n) => n?.type === 'identifier');
    const labels = c.namedChildren
      .filter((n): n is TsNode => n?.type === 'string_lit' || (n?.type === 'identifier' && n !== ident))
      .map((n) => stringValue(n) ?? n.text);
    out.push({ node: c, type: ident?.text ?? '', labels, body: bodyOf(c) });
  }
  return out;
}

/** Direct attributes of a block (`name = expr`). */
export function attributes(parent: TsNode): HclAttribute[] {
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

export function attribute(parent: TsNode, name: string): HclAttribute | undefined {
  return attributes(parent).find((a) => a.name === name);
}

/** The value of a plain string literal (no interpolation), else undefined. */
export function stringValue(node: TsNode): string | undefined {
  let n: TsNode | null = node;
  while (n && (n.type === 'expression' || n.type === 'literal_value') && n.namedChildCount === 1) n = n.namedChild(0);
  if (!n || n.type !== 'string_lit') return undefined;
  const parts = n.namedChildren.filter((c) => c && c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end');
  if (parts.some((p) => p?.type !== 'template_literal')) return undefined;
  return parts.map((p) => p!.text).join('');
}

/** A literal value: string, number or bool; undefined for anything computed. */
export function literalValue(node: TsNode): string | number | boolean | undefined {
  const s = stringValue(node);
  if (s !== undefined) return s;
  let n: TsNode | null = node;
  while (n && (n.type === 'expression' || n.type === 'literal_value') && n.namedChildCount === 1) n = n.namedChild(0);
  if (!n) return undefined;
  if (n.type === 'numeric_lit') return Number(n.text);
  if (n.type === 'bool_lit') return n.text === 'true';
  return undefined;
}

/** All blocks in the file, recursively (resources, nested `ingress`, `dynamic` content…). */
export function allBlocks(root: TsNode): HclBlock[] {
  const out: HclBlock[] = [];
  const walk = (n: TsNode) => {
    for (const b of blocks(n)) {
      out.push(b);
      walk(b.node);
    }
  };
  walk(root);
  return out;
}

export const _testing = { requireParser: () => parser };
