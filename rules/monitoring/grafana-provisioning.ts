import { defineRule } from '../../src/audit/load-rules.js';
import { getNode, resolveFrom, rootMap, scalarString, seqItems } from '../../src/rules-kit/prometheus.js';

const PROVIDER = (path: string) => `apiVersion: 1\nproviders:\n  - name: app\n    type: file\n    options:\n      path: ${path}\n`;
const DASH = '{ "uid": "app", "title": "App", "panels": [] }\n';
const NEEDS_URL = new Set(['prometheus', 'loki', 'elasticsearch', 'jaeger', 'tempo', 'zipkin', 'influxdb', 'graphite', 'postgres', 'mysql', 'alertmanager', 'opensearch']);

export default defineRule({
  meta: {
    id: 'monitoring/grafana-provisioning',
    title: 'Grafana provisioning points at dashboards and complete datasources',
    description:
      'Dashboards as code only reach Grafana through a provider whose path holds the JSON files; a provider pointing at an empty or missing directory provisions nothing and the dashboards exist only in the repository. A datasource without a type or URL fails at startup.',
    remediation: 'Point each dashboard provider\'s `options.path` at the directory holding the dashboard JSON (or where it is mounted), and give each datasource `name`, `type` and `url`.',
    checklistItem: 'monitoring.dashboards',
    severity: 'medium',
    artifacts: ['grafana-provisioning'],
    examples: {
      fail: [
        { path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml', code: PROVIDER('../../dashboards'), note: 'no dashboard JSON in the repository' },
        { path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml', code: 'apiVersion: 1\nproviders:\n  - name: app\n    type: file\n' },
        { path: 'monitoring/grafana/provisioning/datasources/datasources.yaml', code: 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n' },
      ],
      pass: [
        { path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml', code: PROVIDER('../../dashboards'), files: { 'monitoring/grafana/dashboards/app.json': DASH } },
        { path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml', code: PROVIDER('/var/lib/grafana/dashboards/app'), files: { 'monitoring/grafana/dashboards/app.json': DASH }, note: 'a mount path inside the container' },
        { path: 'monitoring/grafana/provisioning/datasources/datasources.yaml', code: 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n' },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const dashboards = ctx.repo.ofKind('grafana-dashboard').map((a) => a.path);
    for (const p of seqItems(getNode(root, 'providers'))) {
      const name = scalarString(getNode(p, 'name')) ?? '(unnamed)';
      const pathNode = getNode(getNode(p, 'options'), 'path');
      const path = scalarString(pathNode);
      if (!path) {
        ctx.report({ message: `dashboard provider ${name} has no options.path`, at: getNode(p, 'name') ?? p });
        continue;
      }
      // A relative path is in the repository; an absolute one is where the dashboards are mounted.
      const dir = path.startsWith('/') ? '' : resolveFrom(ctx.artifact.path, path);
      const found = dashboards.filter((d) => (dir ? d.startsWith(`${dir}/`) : true));
      if (!found.length) ctx.report({ message: `dashboard provider ${name}: no dashboard JSON ${dir ? `under ${dir}/` : 'in the repository'} to provision`, at: pathNode });
      else ctx.evidence(`Grafana provisions ${found.length} dashboard(s) (provider ${name})`, { at: pathNode });
    }
    for (const d of seqItems(getNode(root, 'datasources'))) {
      const name = scalarString(getNode(d, 'name'));
      const type = scalarString(getNode(d, 'type'));
      if (!name || !type) {
        ctx.report({ message: `datasource ${name ?? '(unnamed)'} needs both name and type`, at: d });
        continue;
      }
      if (NEEDS_URL.has(type) && !scalarString(getNode(d, 'url'))) ctx.report({ message: `datasource ${name} (${type}) has no url`, at: getNode(d, 'name') });
      else ctx.evidence(`Grafana datasource ${name} (${type})`, { at: getNode(d, 'name') });
    }
  },
});
