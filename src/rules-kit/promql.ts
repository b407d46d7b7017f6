// PromQL read with the Prometheus project's own lezer grammar (@prometheus-io/lezer-promql): a tree
// with positions, so a bad expression points at its column inside the YAML scalar that holds it.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import { isScalar } from 'yaml';

export interface PromqlProblem {
  /** Offsets into the expression string. */
  from: number;
  to: number;
  message: string;
}

export interface ParsedPromql {
  tree: Tree;
  problems: PromqlProblem[];
  /** Metric names selected (`foo` in `rate(foo[5m])`). */
  metrics: string[];
  /** Function names called. */
  functions: string[];
  /** Label matchers as `name op value`. */
  matchers: Array<{ name: string; op: string; value: string }>;
}

/** Functions whose argument must be a range vector (`x[5m]` or a subquery). */
const RANGE_FUNCTIONS = new Set([
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'predict_linear',
  'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time',
  'stdvar_over_time', 'last_over_time', 'present_over_time', 'quantile_over_time', 'absent_over_time',
  'mad_over_time', 'holt_winters', 'double_exponential_smoothing', 'first_over_time',
]);
/** Index of the range-vector argument for functions taking it elsewhere than first. */
const RANGE_ARG_INDEX: Record<string, number> = { quantile_over_time: 1 };

const cache = new Map<string, ParsedPromql>();

export function parsePromql(expr: string): ParsedPromql {
  const hit = cache.get(expr);
  if (hit) return hit;
  const tree = parser.parse(expr);
  const problems: PromqlProblem[] = [];
  const metrics: string[] = [];
  const functions: string[] = [];
  const matchers: ParsedPromql['matchers'] = [];
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        if (problems.length < 3) {
          // An error at the very end points just after the last token, not after trailing newlines.
          const from = Math.min(n.from, expr.trimEnd().length);
          const near = expr.slice(from, Math.max(n.to, from + 1)).trim();
          problems.push({
            from,
            to: Math.max(Math.min(n.to, expr.trimEnd().length), from + 1),
            message: n.from >= expr.trimEnd().length ? 'unexpected end of expression' : `unexpected ${JSON.stringify(near.slice(0, 20))}`,
          });
        }
        return false;
      }
      if (n.name === 'VectorSelector') {
        const id = n.node.getChild('Identifier');
        if (id) metrics.push(expr.slice(id.from, id.to));
      } else if (n.name === 'FunctionCall') {
        const id = n.node.getChild('FunctionIdentifier');
        if (id) {
          const name = expr.slice(id.from, id.to);
          functions.push(name);
          checkRangeArg(n.node, name, expr, problems);
        }
      } else if (n.name === 'UnquotedLabelMatcher' || n.name === 'QuotedLabelMatcher') {
        const name = n.node.getChild('LabelName') ?? n.node.getChild('QuotedLabelName');
        const op = n.node.getChild('MatchOp');
        const value = n.node.getChild('StringLiteral');
        if (name && op && value) {
          matchers.push({ name: expr.slice(name.from, name.to).replace(/^"|"$/g, ''), op: expr.slice(op.from, op.to), value: unquote(expr.slice(value.from, value.to)) });
        }
      }
      return undefined;
    },
  });
  if (!expr.trim()) problems.push({ from: 0, to: 0, message: 'empty expression' });
  const out = { tree, problems, metrics, functions, matchers };
  if (cache.size > 5000) cache.clear();
  cache.set(expr, out);
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 ? s.slice(1, -1) : s;
}

function checkRangeArg(call: SyntaxNode, name: string, expr: string, problems: PromqlProblem[]): void {
  if (!RANGE_FUNCTIONS.has(name)) return;
  const body = call.getChild('FunctionCallBody');
  if (!body) return;
  const args: SyntaxNode[] = [];
  for (let c = body.firstChild; c; c = c.nextSibling) if (!['(', ')', ','].includes(c.name) && !c.type.isError) args.push(c);
  const arg = args[RANGE_ARG_INDEX[name] ?? 0];
  if (!arg) return;
  let a: SyntaxNode | null = arg;
  while (a && a.name === 'ParenExpr') a = a.firstChild?.nextSibling ?? null;
  if (a && (a.name === 'MatrixSelector' || a.name === 'SubqueryExpr' || a.name === 'OffsetExpr' || a.name === 'AnchoredExpr' || a.name === 'SmoothedExpr' || a.name === 'StepInvariantExpr')) return;
  if (problems.length < 3) problems.push({ from: arg.from, to: arg.to, message: `${name}() expects a range vector, e.g. ${expr.slice(arg.from, arg.to)}[5m]` });
}

/**
 * Map an offset inside a YAML scalar's value to an offset in the file: the value is aligned with
 * its source (quotes, escapes, folding and block indentation skipped), so a PromQL column is exact.
 */
export function scalarValueOffset(node: unknown, fileText: string, valueOffset: number): number {
  if (!isScalar(node) || !node.range) return 0;
  const value = String(node.value ?? '');
  const [start, end] = node.range;
  const src = fileText.slice(start, end);
  let s = 0;
  // Skip a block scalar header (`|`, `>-`, `|2` …) up to the first content line.
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = src.indexOf('\n');
    s = nl < 0 ? src.length : nl + 1;
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') s = 1;
  for (let v = 0; v < Math.min(valueOffset, value.length); v++) {
    const ch = value[v];
    if (/\s/.test(ch)) {
      // A space or newline in the value may be a folded line break plus indentation in the source.
      if (s < src.length && /\s/.test(src[s])) {
        s++;
        while (s < src.length && /\s/.test(src[s]) && !(v + 1 < value.length && /\s/.test(value[v + 1]) && src[s] === value[v + 1])) s++;
      }
      continue;
    }
    while (s < src.length && src[s] !== ch) s++;
    if (s < src.length) s++;
  }
  // Land on the next significant character (skipping indentation when the offset starts a line).
  while (s < src.length && (src[s] === ' ' || src[s] === '\n') && valueOffset < value.length && !/\s/.test(value[valueOffset])) s++;
  return start + Math.min(s, src.length);
}

// ---- what an alert watches: the "golden signals" the monitoring.alert-rules item asks for ----

export type Signal = 'errors' | 'latency' | 'saturation' | 'availability' | 'traffic';

/** Signals an expression watches, judged from its metric names, functions and matchers. */
export function signalsOf(expr: string, name = ''): Set<Signal> {
  const p = parsePromql(expr);
  const out = new Set<Signal>();
  const words = [...p.metrics, name].join(' ').toLowerCase();
  if (/error|fail|5xx|exception|panic/.test(words) || p.matchers.some((m) => /^(status|code|status_code|http_status|response_code)$/.test(m.name) && /5/.test(m.value))) out.add('errors');
  if (p.functions.includes('histogram_quantile') || /latency|duration|response_time|seconds_(bucket|sum)|slow/.test(words)) out.add('latency');
  if (/cpu|memory|mem_|disk|filesystem|saturation|utili[sz]ation|throttl|queue|oom|load[0-9]|connections|pool|inode|swap/.test(words)) out.add('saturation');
  if (/(^|\s|_)up(\s|$)|absent|down|unavailable|healthy|probe_success/.test(words) || p.functions.includes('absent')) out.add('availability');
  if (/requests_total|rps|throughput|traffic/.test(words)) out.add('traffic');
  return out;
}
