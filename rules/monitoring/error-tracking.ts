import { defineRule } from '../../src/audit/load-rules.js';
import { keptFact } from '../../src/repo/kept-facts.js';
import { services } from '../../src/rules-kit/app-code.js';
import { observability, walkValue } from '../../src/rules-kit/prometheus.js';

const ENV = /^(SENTRY_DSN|OTEL_EXPORTER_OTLP_(TRACES_)?ENDPOINT|DD_TRACE_ENABLED|DD_AGENT_HOST|NEW_RELIC_LICENSE_KEY|ELASTIC_APM_SERVER_URL|APPLICATIONINSIGHTS_CONNECTION_STRING)$/;

/** The tracking variables a workload file gives (env entry names, upper-case keys), kept for the run. */
const trackingEnvIn = keptFact(
  (a) => a.is('kubernetes') || a.is('compose'),
  (a) => {
    const names: string[] = [];
    for (const { value } of a.yamlDocs()) {
      walkValue(value, (k, x) => {
        const name = k === 'name' && typeof x === 'string' ? x : /^[A-Z_]+$/.test(k) ? k : '';
        if (ENV.test(name)) names.push(name);
      });
    }
    return names;
  },
);

export default defineRule({
  meta: {
    id: 'monitoring/error-tracking',
    title: 'Errors and traces are tracked',
    description:
      'Metrics say the error rate rose; error tracking and tracing say which request, which stack trace, which downstream call. The checklist asks for one of: OpenTelemetry (SDK or a Collector traces pipeline), Jaeger/Tempo, Sentry, or the APM of Datadog / New Relic / Elastic / X-Ray, in configuration or in code.',
    remediation: 'Initialise Sentry or the OpenTelemetry SDK in the service and run a Collector/Jaeger (or the vendor agent), with its endpoint passed through the environment.',
    checklistItem: 'monitoring.error-tracking',
    severity: 'medium',
    artifacts: ['log-collector-config', 'terraform', 'kubernetes', 'compose', 'source-js', 'source-py', 'source-go', 'source-java'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'src/server.js', code: "import express from 'express';\nconst app = express();\napp.listen(8080);\n" }],
      pass: [
        { path: 'src/server.js', code: "import * as Sentry from '@sentry/node';\nimport express from 'express';\nSentry.init({ dsn: process.env.SENTRY_DSN });\nexpress().listen(8080);\n" },
        {
          path: 'monitoring/tracing/otel-collector.yaml',
          code: 'receivers:\n  otlp:\n    protocols:\n      grpc: {}\nexporters:\n  otlp/jaeger:\n    endpoint: jaeger:4317\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [otlp/jaeger]\n',
        },
      ],
    },
  },
  async check(ctx) {
    const o = observability(ctx.repo);
    let n = 0;
    for (const s of [...o.tracing, ...o.datadog.filter((d) => /agent/.test(d.what))]) {
      n++;
      ctx.evidence(s.what, { file: s.file, at: { line: s.line ?? 1 } });
    }
    for (const svc of await services(ctx.repo)) {
      const f = svc.errorTracking.find((x) => !x.weak) ?? svc.errorTracking[0];
      if (f) {
        n++;
        ctx.evidence(`${svc.language} service ${f.what}${f.weak ? ' (weak evidence)' : ''}`, { file: f.file, at: { offset: f.offset } });
      }
    }
    for (const kind of ['kubernetes', 'compose'] as const) {
      for (const a of ctx.repo.ofKind(kind)) {
        for (const name of trackingEnvIn(a)) {
          n++;
          ctx.evidence(`the workload is given ${name}`, { file: a.path, at: { line: 1 } });
        }
      }
    }
    if (!n) ctx.report({ message: 'no error tracking or tracing: no Sentry/OpenTelemetry/APM in the code, no traces pipeline, no tracing backend', file: (await services(ctx.repo))[0]?.files[0]?.path ?? '.', at: { line: 1 } });
  },
});
