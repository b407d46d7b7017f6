// Malformed files of every kind these rules read: each rule must cope (no core/internal-error).
import { it, expect } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
const rules = (await loadRules()).filter((r) => /^(monitoring|docs|handoff|secrets|app)\//.test(r.meta.id));
const weird: Record<string, string> = {
  'monitoring/rules.yml': 'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: [1, 2]\n        labels: "str"\n        annotations: null\n      - record: 5\n      - "string"\n',
  'monitoring/r2.yml': 'groups:\n  - null\n  - rules: 3\n',
  'k8s/pr.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: {}\n',
  'monitoring/prometheus.yml': 'scrape_configs: 7\nrule_files: "x"\nalerting: []\n',
  'monitoring/am.yml': 'route: []\nreceivers: {}\ninhibit_rules: 4\n',
  'monitoring/am2.yml': 'route:\n  routes: [1, null, {receiver: 3}]\nreceivers:\n  - 1\n  - name: {a: 1}\n',
  'monitoring/grafana/dashboards/d.json': '{"panels": 5, "uid": 7, "title": ["a"]}',
  'monitoring/grafana/dashboards/e.json': '{"panels": [null, 1, {"panels": [{"targets": {}}]}], "schemaVersion": 1}',
  'monitoring/grafana/provisioning/x.yaml': 'apiVersion: 1\nproviders: [1]\ndatasources: [null, {name: 1}]\n',
  '.agency/handoff/f/r/files-changed.json': '[1,2]',
  '.agency/handoff/f/r/summary.md': '',
  'ai-state/active/devops/pipelines.json': '"x"',
  'ai-state/active/devops/tasks/t.json': 'null',
  'docs/runbooks/x.md': '```\nunclosed',
  '.env': '=\nA\nB=\n export C="d\n',
  'src/a.ts': 'process.on("SIGTERM", ;; import(',
  'app/x.py': '"""unterminated',
  'main.tf': 'resource "datadog_monitor" "x" {\n  query = 1\n  message = var.m\n}\n',
};
it('no rule crashes on malformed input', async () => {
  const { report } = await runAudit({ root: '.', memory: weird, config: defaultConfig(), rules });
  const crashes = report.findings.filter((f) => f.ruleId === 'core/internal-error');
  expect(crashes.map((f) => `${f.file}: ${f.message}`)).toEqual([]);
});
