// Terraform helpers shared by rules/terraform/*: resources and data sources with their nested
// blocks (dynamic blocks included), attribute values as JS (literals, tuples, objects, jsonencode),
// simple `var.x` resolution from defaults in the same module, and the repository-wide resource list.
import { ArtifactCache, memo } from './memo.js';
import { dirOf } from './repo-paths.js';
import type { Artifact, Repository } from '../repo/repository.js';
import { attribute, attributes, blocks, stringValue, type HclBlock, type HclNode } from '../repo/parsers/hcl.js';

export interface TfBlock {
  artifact: Artifact;
  /** `resource`, `data`, `module`, `provider`, `output`, `variable`, `terraform`… */
  kind: string;
  /** Resource or data type (`aws_s3_bucket`), provider name, module name… */
  type: string;
  /** Resource name (`logs`). */
  name: string;
  block: HclBlock;
  /** `aws_s3_bucket.logs` (resources), `data.x.y`, `module.m`. */
  address: string;
}

/** Marker for a value that is computed (a reference, a function call, an interpolation). */
export interface Computed {
  computed: string;
}
export type TfValue = string | number | boolean | null | TfValue[] | { [k: string]: TfValue } | Computed;

export function isComputed(v: unknown): v is Computed {
  return !!v && typeof v === 'object' && 'computed' in (v as object);
}

const topCache = new ArtifactCache<TfBlock[]>();

/** Top-level blocks of a Terraform file. */
export function topBlocks(a: Artifact): TfBlock[] {
  let out = topCache.get(a);
  if (out) return out;
  out = [];
  if (a.hcl.errors.length === 0 || a.hcl.root) {
    for (const b of blocks(a.hcl.root)) {
      const type = b.labels[0] ?? '';
      const name = b.labels[1] ?? b.labels[0] ?? '';
      const address = b.type === 'resource' ? `${type}.${name}` : b.type === 'data' ? `data.${type}.${name}` : b.type === 'module' ? `module.${type}` : `${b.type}.${type}`;
      out.push({ artifact: a, kind: b.type, type, name, block: b, address });
    }
  }
  topCache.set(a, out);
  return out;
}

export function resources(a: Artifact, ...types: string[]): TfBlock[] {
  return topBlocks(a).filter((b) => b.kind === 'resource' && (types.length === 0 || types.includes(b.type)));
}

export function dataSources(a: Artifact, ...types: string[]): TfBlock[] {
  return topBlocks(a).filter((b) => b.kind === 'data' && (types.length === 0 || types.includes(b.type)));
}

const repoCache = new WeakMap<Repository, TfBlock[]>();

/** Every top-level block of every Terraform file of the repository. */
export function allTopBlocks(repo: Repository): TfBlock[] {
  let out = repoCache.get(repo);
  if (out) return out;
  out = [];
  for (const a of repo.ofKind('terraform')) {
    try {
      out.push(...topBlocks(a));
    } catch {
      /* unparsable: reported as a parse error */
    }
  }
  repoCache.set(repo, out);
  return out;
}

export function allResources(repo: Repository, ...types: string[]): TfBlock[] {
  return allTopBlocks(repo).filter((b) => b.kind === 'resource' && (types.length === 0 || types.includes(b.type)));
}

/**
 * Nested blocks named `name` of a block, including the `content` of `dynamic "name"` blocks.
 * `dynamic` content is flagged so rules can treat its values as possibly computed.
 */
export function nested(parent: HclBlock | HclNode, name: string): Array<HclBlock & { dynamic: boolean }> {
  const node = 'node' in parent ? parent.node : parent;
  const out: Array<HclBlock & { dynamic: boolean }> = [];
  for (const b of blocks(node)) {
    if (b.type === name) out.push({ ...b, dynamic: false });
    else if (b.type === 'dynamic' && b.labels[0] === name) {
      for (const c of blocks(b.node)) if (c.type === 'content') out.push({ ...c, dynamic: true });
    }
  }
  return out;
}

/** Follow a path of nested block names: `nestedPath(b, 'settings', 'backup_configuration')`. */
export function nestedPath(parent: HclBlock, ...names: string[]): HclBlock | undefined {
  let cur: HclBlock | undefined = parent;
  for (const n of names) {
    cur = cur ? nested(cur, n)[0] : undefined;
    if (!cur) return undefined;
  }
  return cur;
}

function unwrap(n: HclNode | null): HclNode | null {
  while (n && (n.type === 'expression' || n.type === 'literal_value' || n.type === 'collection_value') && n.namedChildCount === 1) n = n.namedChild(0);
  return n;
}

/** An expression as a JS value; anything not literal becomes `{ computed: text }`. */
export function exprValue(node: HclNode): TfValue {
  const s = stringValue(node);
  if (s !== undefined) return s;
  const n = unwrap(node);
  if (!n) return { computed: node.text };
  switch (n.type) {
    case 'numeric_lit':
      return Number(n.text);
    case 'bool_lit':
      return n.text === 'true';
    case 'null_lit':
      return null;
    case 'tuple':
      return n.namedChildren.filter((c): c is HclNode => c?.type === 'expression').map((c) => exprValue(c));
    case 'object': {
      const out: Record<string, TfValue> = {};
      for (const el of n.namedChildren) {
        if (el?.type !== 'object_elem') continue;
        const [k, v] = el.namedChildren.filter((c): c is HclNode => c?.type === 'expression');
        if (!k || !v) continue;
        const key = stringValue(k) ?? k.text.replace(/^"|"$/g, '');
        out[key] = exprValue(v);
      }
      return out;
    }
    case 'function_call': {
      const fname = n.namedChildren.find((c) => c?.type === 'identifier')?.text;
      if (fname === 'jsonencode') {
        const arg = n.namedChildren.find((c) => c?.type === 'function_arguments')?.namedChildren.find((c) => c?.type === 'expression');
        if (arg) return exprValue(arg);
      }
      return { computed: n.text };
    }
    case 'template_expr':
    case 'heredoc_template': {
      // A heredoc holding JSON (an IAM policy written inline) is read as JSON when it has no interpolation.
      const body = n.text.replace(/^<<-?\s*\w+\s*\n/, '').replace(/\n\s*\w+\s*$/, '');
      if (!body.includes('${')) {
        try {
          return JSON.parse(body) as TfValue;
        } catch {
          return body;
        }
      }
      return { computed: n.text };
    }
    default:
      return { computed: n.text };
  }
}

/** Value of attribute `name` of a block as JS; undefined when the attribute is absent. */
export function attrValue(b: HclBlock | HclNode, name: string): TfValue | undefined {
  const node = 'node' in b ? b.node : b;
  const a = attribute(node, name);
  return a ? exprValue(a.value) : undefined;
}

export function attrNode(b: HclBlock | HclNode, name: string): HclNode | undefined {
  const node = 'node' in b ? b.node : b;
  return attribute(node, name)?.node;
}

/** Resolve `var.x` to the default of `variable "x"` in the same directory (module); else the value itself. */
export function resolve(repo: Repository, file: string, v: TfValue | undefined): TfValue | undefined {
  if (!isComputed(v)) return v;
  const m = /^var\.(\w+)$/.exec(v.computed.trim());
  if (!m) return v;
  const b = variablesByModule(repo).get(`${dirOf(file)}\0${m[1]}`);
  if (!b) return v;
  const d = attrValue(b.block, 'default');
  return d === undefined ? v : d;
}

/** `variable` blocks by "<directory>\0<name>": resolving scanned every block of the repository per reference. */
function variablesByModule(repo: Repository): Map<string, TfBlock> {
  return memo(repo, 'terraform.variables', () => {
    const out = new Map<string, TfBlock>();
    for (const b of allTopBlocks(repo)) {
      if (b.kind !== 'variable') continue;
      const key = `${dirOf(b.artifact.path)}\0${b.type}`;
      if (!out.has(key)) out.set(key, b);
    }
    return out;
  });
}

/** Attribute value with `var.x` resolved to its default when there is one. */
export function value(repo: Repository, t: TfBlock, name: string, from?: HclBlock): TfValue | undefined {
  return resolve(repo, t.artifact.path, attrValue(from ?? t.block, name));
}

/** Where to point a finding about attribute `name`: the attribute if present, else the block header. */
export function where(t: TfBlock | HclBlock, name?: string): HclNode {
  const b = 'block' in t ? t.block : t;
  if (name) {
    const n = attrNode(b, name);
    if (n) return n;
  }
  return (b.node.namedChildren.find((c) => c?.type === 'block_start') ? headerOf(b.node) : b.node) as HclNode;
}

function headerOf(node: HclNode): HclNode {
  // The block's first line: its identifier through the last label.
  const labels = node.namedChildren.filter((c): c is HclNode => !!c && (c.type === 'string_lit' || c.type === 'identifier'));
  const last = labels[labels.length - 1] ?? node;
  const first = labels[0] ?? node;
  return { startPosition: first.startPosition, endPosition: last.endPosition } as unknown as HclNode;
}

/** Whether an expression mentions a resource address (`aws_s3_bucket.logs`). */
export function references(b: HclBlock | HclNode, address: string): boolean {
  const node = 'node' in b ? b.node : b;
  // Labels are arbitrary strings (`resource "aws_vpc" "("` parses): escape every metacharacter.
  const re = new RegExp(`(^|[^\\w.])${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\[[^\\]]*\\])?\\.`);
  return attributes(node).some((a) => re.test(a.value.text));
}

/** Environment directory names that mean production. */
export function isProdPath(path: string): boolean {
  return /(^|\/)(prod|production|prd|live)(\/|[-_.]|$)/i.test(path);
}

export { attribute, attributes, blocks, stringValue, type HclBlock, type HclNode };
