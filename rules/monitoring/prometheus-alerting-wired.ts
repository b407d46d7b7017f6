import { defineRule } from '../../src/audit/load-rules.js';
import { getNode, matchingPaths, resolveFrom, rootMap, scalarString, seqItems } from '../../src/rules-kit/prometheus.js';
import { dirOf } from '../../src/rules-kit/repo-paths.js';

const RULES = 'groups:\n  - name: app\n    rules:\n      - alert: AppDown\n        expr: up == 0\n';
const AM = 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["alertmanager:9093"]\n';
const cfg = (extra: string) => `global:\n  scrape_interval: 15s\n${extra}scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:8080"]\n`;

export default defineRule({
  meta: {
    id: 'monitoring/prometheus-alerting-wired',
    title: 'Prometheus loads its rule files and sends alerts to Alertmanager',
    description:
      'Alert rules only page someone when Prometheus loads them (`rule_files` naming files that exist) and has somewhere to send them (`alerting.alertmanagers`). A typo in a rule_files glob loads nothing, silently.',
    remediation: 'List the rule files under `rule_files` (paths relative to prometheus.yml) and add `alerting.alertmanagers` with the Alertmanager address.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'high',
    artifacts: ['prometheus-config'],
    examples: {
      fail: [
        { path: 'monitoring/prometheus/prometheus.yml', code: cfg('rule_files:\n  - alerts.yml\n'), files: { 'monitoring/prometheus/alerts.yml': RULES }, note: 'no alertmanager' },
        { path: 'monitoring/prometheus/prometheus.yml', code: cfg(AM + 'rule_files:\n  - rules/*.yml\n'), note: 'glob matches nothing' },
        { path: 'monitoring/prometheus/prometheus.yml', code: cfg(AM), note: 'no rule files at all' },
      ],
      pass: [
        { path: 'monitoring/prometheus/prometheus.yml', code: cfg(AM + 'rule_files:\n  - alerts.yml\n'), files: { 'monitoring/prometheus/alerts.yml': RULES } },
        { path: 'monitoring/prometheus/prometheus.yml', code: cfg(AM + 'rule_files:\n  - /etc/prometheus/rules/*.yml\n'), files: { 'monitoring/prometheus/rules/a.yml': RULES }, note: 'container path: matched by file name under the config directory' },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const file = ctx.artifact.path;
    const dir = dirOf(file);
    const ruleFiles = getNode(root, 'rule_files');
    const list = seqItems(ruleFiles);
    let loaded = 0;
    if (!list.length) ctx.report({ message: 'Prometheus config loads no rule_files: no alert can fire', at: ruleFiles ?? { line: 1 } });
    for (const item of list) {
      const p = scalarString(item) ?? '';
      let matches = matchingPaths(ctx.repo, resolveFrom(file, p));
      // An absolute path is where a container mounts the files: match its tail under the config's directory.
      if (!matches.length && p.startsWith('/')) {
        const parts = p.split('/').filter(Boolean);
        for (let k = 1; k <= Math.min(3, parts.length) && !matches.length; k++) {
          matches = matchingPaths(ctx.repo, resolveFrom(file, parts.slice(-k).join('/')));
          if (!matches.length) matches = matchingPaths(ctx.repo, `${dir ? `${dir}/` : ''}**/${parts.slice(-k).join('/')}`);
        }
      }
      if (!matches.length) ctx.report({ message: `rule_files entry "${p}" matches no file in the repository`, at: item });
      else loaded += matches.length;
    }
    const ams = seqItems(getNode(getNode(root, 'alerting'), 'alertmanagers'));
    if (!ams.length) ctx.report({ message: 'Prometheus has no alerting.alertmanagers: alerts fire but notify nobody', at: getNode(root, 'alerting') ?? { line: 1 } });
    if (loaded && ams.length) ctx.evidence(`Prometheus loads ${loaded} rule file(s) and sends to Alertmanager`, { at: ruleFiles });
  },
});
