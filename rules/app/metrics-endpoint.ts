import { defineRule } from '../../src/audit/load-rules.js';
import { services } from '../../src/rules-kit/app-code.js';

export default defineRule({
  meta: {
    id: 'app/metrics-endpoint',
    title: 'The service exports its own metrics',
    description:
      'Request rate, error rate and latency come from the application itself: infrastructure metrics show a busy CPU, not a failing checkout. Without a `/metrics` endpoint or an instrumentation library (prom-client, OpenTelemetry, Micrometer, client_golang), the error-rate and latency alerts have nothing to read.',
    remediation: 'Expose `/metrics` in the Prometheus text format (prom-client, prometheus_client, client_golang, Micrometer) or export OTLP metrics with OpenTelemetry.',
    checklistItem: 'monitoring.app-metrics',
    severity: 'medium',
    artifacts: ['source-js', 'source-py', 'source-go', 'source-java'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'src/server.js', code: "import express from 'express';\nconst app = express();\napp.get('/healthz', (req, res) => res.send('ok'));\napp.listen(8080);\n" }],
      pass: [
        {
          path: 'src/server.js',
          code: "import express from 'express';\nimport client from 'prom-client';\nconst app = express();\napp.get('/metrics', async (req, res) => res.send(await client.register.metrics()));\napp.listen(8080);\n",
        },
        { path: 'app/main.py', code: 'from http.server import HTTPServer\nfrom prometheus_client import start_http_server\n\nstart_http_server(9000)\n' },
      ],
    },
  },
  async check(ctx) {
    for (const s of await services(ctx.repo)) {
      const m = s.metrics.find((x) => !x.weak) ?? s.metrics[0];
      if (m) ctx.evidence(`${s.language} service ${m.what}${m.weak ? ' (weak evidence)' : ''}`, { file: m.file, at: { offset: m.offset } });
      else {
        const at = s.server[0];
        ctx.report({ message: `the ${s.language} service exports no metrics (no /metrics route or metrics library)`, file: at.file, at: { offset: at.offset, length: at.length } });
      }
    }
  },
});
