// Terraform helpers shared by rules/terraform/*: resources and data sources with their nested
// blocks (dynamic blocks included), attribute values as JS (literals, tuples, objects, jsonencode),
// simple `var.x` resolution from defaults in the same module, and the repository-wide resource list.
import { ArtifactCache, memo } from './memo.js';
import { dirOf } from './repo-paths.js';
import type { Artifact, Repository } from '../repo/repository.js';
import { attribute, attributes, blocks, HclBodySpan, HclSpan, HclValueSpan, literalValue, stringValue, type HclAttribute, type HclBlock, type HclFile, type HclNode } from '../repo/parsers/hcl.js';

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

function tfBlock(a: Artifact, b: HclBlock): TfBlock {
  const type = b.labels[0] ?? '';
  const name = b.labels[1] ?? b.labels[0] ?? '';
  const address = b.type === 'resource' ? `${type}.${name}` : b.type === 'data' ? `data.${type}.${name}` : b.type === 'module' ? `module.${type}` : `${b.type}.${type}`;
  return { artifact: a, kind: b.type, type, name, block: b, address };
}

/** Top-level blocks of a Terraform file, on its tree: for the file's own rules. */
export function topBlocks(a: Artifact): TfBlock[] {
  let out = topCache.get(a);
  if (out) return out;
  out = blocks(a.hcl.root).map((b) => tfBlock(a, b));
  topCache.set(a, out);
  // The tree is at hand: keep the file's compact facts for the repository-wide readers.
  if (!factsOf.has(a)) factsOf.set(a, compactFacts(a, a.hcl));
  return out;
}

/**
 * What the repository-wide readers keep of a Terraform file: its blocks with their attributes,
 * values and nested blocks as spans (HclBodySpan, HclValueSpan), never its tree. Every tree of a
 * large repository kept for the repository-wide rules was most of an audit's memory.
 */
export interface TfFacts {
  /** The file's body: its top-level blocks and attributes. */
  root: HclBodySpan;
  /** Its top-level blocks as TfBlocks whose `block` is compact. */
  top: TfBlock[];
  /** The file has syntax errors. */
  errors: boolean;
}

/** Kept for the run on purpose (a WeakMap on the artifact): these facts are small. */
const factsOf = new WeakMap<Artifact, TfFacts>();

/** The compact facts of a Terraform (or HCL) file: from its tree when its rules have it, else from a parse not kept. */
export function tfFacts(a: Artifact): TfFacts {
  let f = factsOf.get(a);
  if (!f) {
    // The facts are spans of the text (positions, values' source): the text stays.
    a.pinText();
    factsOf.set(a, (f = compactFacts(a, a.hclOnce())));
  }
  return f;
}

function compactFacts(a: Artifact, file: HclFile): TfFacts {
  const top = blocks(file.root).map((b) => compactBlock(a, b));
  const root = new HclBodySpan(a, file.root.startIndex, file.root.endIndex, attributes(file.root).map((x) => compactAttribute(a, x)), top, null);
  return { root, top: top.map((b) => tfBlock(a, b)), errors: file.errors.length > 0 };
}

function compactBlock(a: Artifact, b: HclBlock): HclBlock {
  const n = b.node;
  const header = n.namedChildren.some((c) => c?.type === 'block_start') ? headerOf(n) : undefined;
  const node = new HclBodySpan(
    a,
    n.startIndex,
    n.endIndex,
    attributes(n).map((x) => compactAttribute(a, x)),
    blocks(n).map((c) => compactBlock(a, c)),
    header ? new HclSpan(a, header.startIndex, header.endIndex) : null,
  );
  return { node: node as unknown as HclNode, type: b.type, labels: b.labels, body: b.body ? (node as unknown as HclNode) : null };
}

function compactAttribute(a: Artifact, x: HclAttribute): HclAttribute {
  const literal = stringValue(x.value) !== undefined ? 1 : literalValue(x.value) !== undefined ? 2 : 0;
  let v: TfValue;
  try {
    v = exprValue(x.value);
  } catch {
    v = { computed: x.value.text }; // nested past the stack (10k-deep objects): no reader can use it
  }
  const value = new HclValueSpan(a, x.value.startIndex, x.value.endIndex, v, literal);
  return { node: new HclSpan(a, x.node.startIndex, x.node.endIndex) as unknown as HclNode, name: x.name, value: value as unknown as HclNode };
}

/** The blocks of one kind (`resource`, `data`), of the given types when any are named. */
function blocksOf(list: TfBlock[], kind: string, types: string[]): TfBlock[] {
  return list.filter((b) => b.kind === kind && (types.length === 0 || types.includes(b.type)));
}

export function resources(a: Artifact, ...types: string[]): TfBlock[] {
  return blocksOf(topBlocks(a), 'resource', types);
}

export function dataSources(a: Artifact, ...types: string[]): TfBlock[] {
  return blocksOf(topBlocks(a), 'data', types);
}

const repoCache = new WeakMap<Repository, TfBlock[]>();

/** Every top-level block of every Terraform file of the repository (compact: see TfFacts). */
export function allTopBlocks(repo: Repository): TfBlock[] {
  let out = repoCache.get(repo);
  if (out) return out;
  out = [];
  for (const a of repo.ofKind('terraform')) {
    try {
      out.push(...tfFacts(a).top);
    } catch {
      /* unparsable: reported as a parse error */
    }
  }
  repoCache.set(repo, out);
  return out;
}

/**
 * The `resource` blocks of the Terraform files of one directory (a module: addresses are scoped
 * to it), compact. For a file's own rules: only that module's files are read, not the repository.
 */
export function moduleResources(repo: Repository, dir: string, ...types: string[]): TfBlock[] {
  return blocksOf(moduleBlocks(repo, dir), 'resource', types);
}

export function allResources(repo: Repository, ...types: string[]): TfBlock[] {
  return blocksOf(allTopBlocks(repo), 'resource', types);
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
export function exprValue(node: HclNode | HclValueSpan): TfValue {
  if (node instanceof HclValueSpan) return node.value as TfValue;
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
  const b = variablesOf(repo, dirOf(file)).get(m[1]);
  if (!b) return v;
  const d = attrValue(b.block, 'default');
  return d === undefined ? v : d;
}

/**
 * `variable` blocks of a directory (module) by name: resolving scanned every block of the
 * repository per reference. By directory, so that a file's own rules read its module only (every
 * Terraform file of the repository was parsed at the first `var.x` of the run).
 */
function variablesOf(repo: Repository, dir: string): Map<string, TfBlock> {
  return memo(repo, `terraform.variables\0${dir}`, () => {
    const out = new Map<string, TfBlock>();
    for (const b of moduleBlocks(repo, dir)) if (b.kind === 'variable' && !out.has(b.type)) out.set(b.type, b);
    return out;
  });
}

/** Every top-level block of the Terraform files of one directory, compact. */
function moduleBlocks(repo: Repository, dir: string): TfBlock[] {
  return memo(repo, `terraform.module\0${dir}`, () => {
    const out: TfBlock[] = [];
    for (const a of terraformByDir(repo).get(dir) ?? []) {
      try {
        out.push(...tfFacts(a).top);
      } catch {
        /* unparsable: reported as a parse error */
      }
    }
    return out;
  });
}

function terraformByDir(repo: Repository): Map<string, Artifact[]> {
  return memo(repo, 'terraform.byDir', () => {
    const out = new Map<string, Artifact[]>();
    for (const a of repo.ofKind('terraform')) {
      const d = dirOf(a.path);
      let list = out.get(d);
      if (!list) out.set(d, (list = []));
      list.push(a);
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
  if ((b.node as unknown) instanceof HclBodySpan) return ((b.node as unknown as HclBodySpan).header ?? b.node) as HclNode;
  if (!b.node.namedChildren.find((c) => c?.type === 'block_start')) return b.node;
  const h = headerOf(b.node);
  return { startPosition: h.first.startPosition, endPosition: h.last.endPosition } as unknown as HclNode;
}

/** The block's first line: its identifier through the last label. */
function headerOf(node: HclNode): { first: HclNode; last: HclNode; startIndex: number; endIndex: number } {
  const labels = node.namedChildren.filter((c): c is HclNode => !!c && (c.type === 'string_lit' || c.type === 'identifier'));
  const last = labels[labels.length - 1] ?? node;
  const first = labels[0] ?? node;
  return { first, last, startIndex: first.startIndex, endIndex: last.endIndex };
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
