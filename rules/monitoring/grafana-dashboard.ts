import { isMap } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';
import { getNode, provisionedDatasources, rootMap, scalarString, seqItems, type YNode } from '../../src/rules-kit/prometheus.js';

const dash = (panels: string, extra = '') => `{\n  "uid": "app-overview",\n  "title": "App overview",\n  "schemaVersion": 39,${extra}\n  "panels": [${panels}]\n}\n`;
const PANEL = (ds: string, targets = '[{ "refId": "A", "expr": "sum(rate(http_requests_total[5m]))" }]') =>
  `\n    { "id": 1, "type": "timeseries", "title": "Requests", ${ds}"targets": ${targets}, "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 } }\n  `;
const DS = '"datasource": { "type": "prometheus", "uid": "prometheus" }, ';
const PROV = 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prometheus\n    type: prometheus\n    url: http://prometheus:9090\n';

const NO_QUERY = new Set(['row', 'text', 'news', 'dashlist', 'alertlist', 'annolist', 'welcome', 'gettingstarted']);

export default defineRule({
  meta: {
    id: 'monitoring/grafana-dashboard',
    title: 'Grafana dashboards are complete: title, uid, panels with a datasource and queries',
    description:
      'A dashboard without a `uid` gets a new one on every import, so links and alerts pointing at it break; a panel without a datasource falls back to whatever is default on that Grafana, and one without targets draws nothing. A datasource uid that no provisioned datasource has shows "datasource not found" during the incident.',
    remediation: 'Give the dashboard a stable `uid` and `title`; give every panel `datasource: {type, uid}` matching a provisioned datasource (or `${DS_…}` input) and at least one target.',
    checklistItem: 'monitoring.dashboards',
    severity: 'medium',
    artifacts: ['grafana-dashboard'],
    examples: {
      fail: [
        { path: 'monitoring/grafana/dashboards/app.json', code: '{\n  "title": "App",\n  "schemaVersion": 39,\n  "panels": [' + PANEL(DS) + ']\n}\n', note: 'no uid' },
        { path: 'monitoring/grafana/dashboards/app.json', code: dash(PANEL('')), note: 'panel without datasource' },
        { path: 'monitoring/grafana/dashboards/app.json', code: dash(PANEL(DS, '[]')), note: 'panel without targets' },
        { path: 'monitoring/grafana/dashboards/app.json', code: dash(PANEL('"datasource": { "type": "prometheus", "uid": "prom-prod" }, ')), files: { 'monitoring/grafana/provisioning/datasources/ds.yaml': PROV }, note: 'unknown datasource uid' },
      ],
      pass: [
        { path: 'monitoring/grafana/dashboards/app.json', code: dash(PANEL(DS)), files: { 'monitoring/grafana/provisioning/datasources/ds.yaml': PROV } },
        { path: 'monitoring/grafana/dashboards/app.json', code: dash(PANEL('"datasource": "${DS_PROMETHEUS}", ')), note: 'an import input' },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const ds = provisionedDatasources(ctx.repo);
    let problems = 0;
    const report = (message: string, at: YNode | undefined) => {
      problems++;
      ctx.report({ message, at: at ?? root });
    };
    const title = scalarString(getNode(root, 'title'));
    const uid = scalarString(getNode(root, 'uid'));
    if (!title) report('dashboard has no title', getNode(root, 'title'));
    if (!uid) report('dashboard has no uid: every import creates a new one and links break', undefined);
    else if (uid.length > 40 || !/^[A-Za-z0-9_-]+$/.test(uid)) report(`dashboard uid "${uid}" must be 1–40 letters, digits, "-" or "_"`, getNode(root, 'uid'));
    const panelsNode = getNode(root, 'panels');
    const panels: YNode[] = [];
    const collect = (list: YNode | undefined) => {
      for (const p of seqItems(list)) {
        panels.push(p);
        collect(getNode(p, 'panels')); // collapsed rows keep their panels inside
      }
    };
    collect(panelsNode);
    if (!panels.length) report('dashboard has no panels', panelsNode);
    let queried = 0;
    for (const p of panels) {
      if (!isMap(p)) continue;
      const type = scalarString(getNode(p, 'type')) ?? '';
      if (NO_QUERY.has(type) || getNode(p, 'libraryPanel')) continue;
      const name = scalarString(getNode(p, 'title')) ?? type;
      const targets = seqItems(getNode(p, 'targets'));
      const pds = getNode(p, 'datasource');
      const dsOf = (n: YNode | undefined): { uid?: string; raw?: string } | undefined => {
        if (!n) return undefined;
        const s = scalarString(n);
        if (s !== undefined) return { raw: s };
        const u = scalarString(getNode(n, 'uid'));
        return u !== undefined ? { uid: u } : {};
      };
      const panelDs = dsOf(pds);
      const targetDs = targets.map((t) => dsOf(getNode(t, 'datasource')));
      if (!panelDs && (targetDs.length === 0 || targetDs.some((x) => !x))) {
        report(`panel "${name}" has no datasource`, getNode(p, 'title') ?? p);
        continue;
      }
      if (!targets.length) {
        report(`panel "${name}" has no targets (queries)`, getNode(p, 'targets') ?? getNode(p, 'title') ?? p);
        continue;
      }
      if (ds.any) {
        for (const d of [panelDs, ...targetDs]) {
          if (!d) continue;
          const u = d.uid ?? d.raw;
          if (!u || u.startsWith('$') || u === '-- Grafana --' || u === '-- Mixed --' || u === '-- Dashboard --' || u === 'grafana') continue;
          if (!ds.uids.has(u) && !ds.names.has(u)) {
            report(`panel "${name}" uses datasource "${u}", which no provisioned datasource has as uid or name`, pds ?? p);
            break;
          }
        }
      }
      queried++;
    }
    if (!problems && queried) ctx.evidence(`dashboard "${title}" with ${queried} queried panel(s)`, { at: getNode(root, 'title') });
  },
});
