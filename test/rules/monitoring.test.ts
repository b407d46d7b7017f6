// What the examples cannot express: exact PromQL columns inside every YAML scalar style, and
// agreement with promtool on which rule files are valid.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { parsePromql, signalsOf } from '../../src/rules-kit/promql.js';
import { run, tool } from '../helpers/tools.js';

const all = await loadRules();
const byId = (id: string) => all.filter((r) => r.meta.id === id);

async function findings(id: string, memory: Record<string, string>) {
  const { report } = await runAudit({ root: '.', memory, config: defaultConfig(), rules: byId(id) });
  return report.findings.filter((f) => f.ruleId === id);
}

const wrap = (exprYaml: string) => `groups:\n  - name: app\n    rules:\n      - record: job:x:rate5m\n        expr: ${exprYaml}\n`;

describe('monitoring/promql-syntax positions', () => {
  // Each case: the expression as written in YAML, and the 1-based line/column of the bad token.
  const cases: Array<[string, string, number, number]> = [
    ['plain', 'sum(rate(x[5m]) by (job)', 5, 31],
    ['double-quoted', '"rate(x{a=\\"b\\"}[5m]) >"', 5, 38],
    ['single-quoted', "'foo bar'", 5, 20],
    ['literal block', '|\n          sum by (job) (\n            rate(x[5m])\n          ) +\n', 8, 14],
    ['folded block', '>\n          sum(rate(x[5m]))\n          by (job) ) > 1\n', 7, 20],
  ];
  for (const [style, expr, line, column] of cases) {
    it(`points at the bad token in a ${style} scalar`, async () => {
      const f = await findings('monitoring/promql-syntax', { 'rules.yml': wrap(expr) });
      expect(f.length).toBe(1);
      expect([f[0].line, f[0].column]).toEqual([line, column]);
    });
  }
});

describe('PromQL parsing agrees with promtool', () => {
  const exprs = [
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
    'absent(up{job="app"}) or sum by (job) (up{job="app"}) == 0',
    'predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
    'max_over_time(rate(x[1m])[10m:1m])',
    'quantile_over_time(0.9, x[5m])',
    'sum(rate(x[5m]) by (job)',
    'rate(x)',
    'up ==',
    'foo bar',
    'sum by (job) rate(x[5m])',
    'x{a="b"',
  ];
  it.skipIf(!tool('promtool'))('each expression is valid for both or for neither', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-'));
    for (const [i, e] of exprs.entries()) {
      const file = join(dir, `r${i}.yml`);
      writeFileSync(file, `groups:\n  - name: g\n    rules:\n      - record: job:x:r${i}\n        expr: ${JSON.stringify(e)}\n`);
      const ours = parsePromql(e).problems.length === 0;
      const theirs = run('promtool', ['check', 'rules', file]).status === 0;
      expect({ e, ours }).toEqual({ e, ours: theirs });
    }
  });
});

describe('golden signals', () => {
  it('classifies the usual alert expressions', () => {
    expect([...signalsOf('sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05')]).toContain('errors');
    expect([...signalsOf('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5')]).toContain('latency');
    expect([...signalsOf('sum(rate(container_cpu_usage_seconds_total[5m])) / sum(kube_pod_container_resource_limits{resource="cpu"}) > 0.9')]).toContain('saturation');
    expect([...signalsOf('job:http_requests_errors:ratio_rate5m > 0.05')]).toContain('errors');
  });
});

describe('Alertmanager receivers agree with amtool', () => {
  const configs: Record<string, string> = {
    ok: 'route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.local/a\n',
    undefinedReceiver: 'route:\n  receiver: team\n  routes:\n    - matchers: [severity="critical"]\n      receiver: pager\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.local/a\n',
  };
  it.skipIf(!tool('amtool'))('a config amtool rejects for an undefined receiver is a finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-'));
    for (const [name, text] of Object.entries(configs)) {
      const file = join(dir, `${name}.yml`);
      writeFileSync(file, text);
      const amtoolOk = run('amtool', ['check-config', file]).status === 0;
      const ours = await findings('monitoring/alertmanager-receivers', { 'alertmanager.yml': text });
      expect({ name, ok: ours.length === 0 }).toEqual({ name, ok: amtoolOk });
    }
  });
});
