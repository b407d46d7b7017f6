import { defineRule } from '../../src/audit/load-rules.js';
import { durationMs, getNode, rootMap, scalarString, scrapeJobs } from '../../src/rules-kit/prometheus.js';

const CONFIG = (jobs: string) => `global:\n  scrape_interval: 15s\nscrape_configs:\n${jobs}`;
const JOB = `  - job_name: app\n    metrics_path: /metrics\n    static_configs:\n      - targets: ["app:8080"]\n`;

export default defineRule({
  meta: {
    id: 'monitoring/prometheus-scrape-config',
    title: 'Prometheus scrape configs are well-formed',
    description:
      'A scrape job without targets, a duplicated `job_name` (Prometheus refuses to start), a `metrics_path` without its leading slash or a timeout longer than the interval means the metrics the dashboards and alerts read never arrive.',
    remediation: 'Give every job a unique `job_name`, targets (`static_configs` or a `*_sd_configs`), an absolute `metrics_path`, and `scrape_timeout` ≤ `scrape_interval`. Check with `promtool check config`.',
    checklistItem: 'monitoring.app-metrics',
    severity: 'high',
    artifacts: ['prometheus-config'],
    examples: {
      fail: [
        { path: 'monitoring/prometheus/prometheus.yml', code: 'global:\n  scrape_interval: 15s\nrule_files: []\n', note: 'no scrape_configs' },
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG(JOB + JOB), note: 'duplicate job_name' },
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG('  - job_name: app\n    metrics_path: metrics\n    static_configs:\n      - targets: ["app:8080"]\n') },
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG('  - job_name: app\n    static_configs:\n      - targets: []\n') },
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG('  - job_name: app\n    scrape_interval: 10s\n    scrape_timeout: 30s\n    static_configs:\n      - targets: ["app:8080"]\n') },
      ],
      pass: [
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG(JOB) },
        { path: 'monitoring/prometheus/prometheus.yml', code: CONFIG('  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n') },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const jobs = scrapeJobs(ctx.artifact);
    if (!jobs.length) {
      ctx.report({ message: 'Prometheus config has no scrape_configs: nothing is collected', at: getNode(root, 'scrape_configs') ?? { line: 1 } });
      return;
    }
    const globalInterval = durationMs(scalarString(getNode(getNode(root, 'global'), 'scrape_interval'))) ?? 60_000;
    const names = new Set<string>();
    let ok = 0;
    for (const j of jobs) {
      const at = j.nameNode ?? j.node;
      let bad = false;
      const problem = (message: string, where: unknown = at) => {
        bad = true;
        ctx.report({ message: `scrape job ${j.name || '(unnamed)'}: ${message}`, at: where as never });
      };
      if (!j.name) problem('has no job_name');
      else if (names.has(j.name)) problem('job_name is used twice (Prometheus will not start)');
      names.add(j.name);
      if (!j.discovered && !j.targets.filter(Boolean).length) problem('has no targets (static_configs or a *_sd_configs)');
      if (j.metricsPath !== undefined && !j.metricsPath.startsWith('/')) problem(`metrics_path "${j.metricsPath}" must start with "/"`, getNode(j.node, 'metrics_path'));
      const interval = durationMs(scalarString(getNode(j.node, 'scrape_interval'))) ?? globalInterval;
      const timeoutNode = getNode(j.node, 'scrape_timeout');
      const timeout = durationMs(scalarString(timeoutNode));
      if (timeout !== undefined && timeout > interval) problem('scrape_timeout is longer than scrape_interval', timeoutNode);
      if (!bad) ok++;
    }
    if (ok) ctx.evidence(`${ok} well-formed scrape job(s)`, { at: { line: 1 } });
  },
});
