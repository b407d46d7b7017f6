import { defineRule } from '../../src/audit/load-rules.js';
import { services } from '../../src/rules-kit/app-code.js';

export default defineRule({
  meta: {
    id: 'app/structured-logging',
    title: 'The service logs structured (JSON) lines',
    description:
      'Log aggregation is only as useful as its queries: free-text lines cannot be filtered by status, route or trace id, and multi-line stack traces split into separate events. One JSON object per line (pino, winston, structlog, slog, zap, logstash encoder, or JSON written by hand) keeps every field searchable.',
    remediation: 'Log through a JSON logger (pino, winston with the json format, structlog, log/slog JSONHandler, zap, logstash-logback-encoder) to stdout.',
    checklistItem: 'monitoring.log-aggregation',
    severity: 'low',
    artifacts: ['source-js', 'source-py', 'source-go', 'source-java'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'src/server.js', code: "import express from 'express';\nconst app = express();\napp.listen(8080, () => console.log('listening on 8080'));\n" }],
      pass: [
        { path: 'src/server.js', code: "import express from 'express';\nimport pino from 'pino';\nconst log = pino();\nconst app = express();\napp.listen(8080, () => log.info({ port: 8080 }, 'listening'));\n" },
        { path: 'src/server.js', code: "import http from 'node:http';\nhttp.createServer().listen(8080);\nprocess.stdout.write(JSON.stringify({ level: 'info', msg: 'listening' }) + '\\n');\n", note: 'JSON written by hand' },
      ],
    },
  },
  async check(ctx) {
    for (const s of await services(ctx.repo)) {
      const l = s.structuredLog.find((x) => !x.weak) ?? s.structuredLog[0];
      if (l) ctx.evidence(`${s.language} service ${l.what}${l.weak ? ' (weak evidence)' : ''}`, { file: l.file, at: { offset: l.offset } });
      else {
        const at = s.server[0];
        ctx.report({ message: `the ${s.language} service has no structured (JSON) logger`, file: at.file, at: { offset: at.offset, length: at.length } });
      }
    }
  },
});
