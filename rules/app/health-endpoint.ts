import { defineRule } from '../../src/audit/load-rules.js';
import { services } from '../../src/rules-kit/app-code.js';

export default defineRule({
  meta: {
    id: 'app/health-endpoint',
    title: 'The service exposes a health endpoint',
    description:
      'Liveness and readiness probes, load-balancer target checks, the container HEALTHCHECK and post-deploy smoke tests all ask the same question: is this instance able to serve? Without `/healthz` (or `/health`, `/readyz`) they can only check that a port is open, and a wedged process keeps receiving traffic.',
    remediation: 'Serve `GET /healthz` (process alive) and `GET /readyz` (dependencies reachable, not draining) returning 200/503, and point the probes at them.',
    checklistItem: 'containers.healthcheck',
    severity: 'medium',
    artifacts: ['source-js', 'source-py', 'source-go', 'source-java'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'src/server.js', code: "import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.send('hi'));\napp.listen(8080);\n" },
        { path: 'app/main.py', code: 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    return "hi"\n' },
      ],
      pass: [
        { path: 'src/server.js', code: "import express from 'express';\nconst app = express();\napp.get('/healthz', (req, res) => res.json({ status: 'ok' }));\napp.listen(8080);\n" },
        { path: 'src/server.ts', code: "import http from 'node:http';\nconst routes = { '/readyz': () => 200 };\nhttp.createServer((req, res) => { res.statusCode = routes[req.url] ? 200 : 404; res.end(); }).listen(8080);\n", note: 'a route table' },
        { path: 'main.go', code: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)\n}\n' },
        { path: 'src/lib.js', code: 'export const add = (a, b) => a + b;\n', note: 'not a service: nothing to check' },
      ],
    },
  },
  async check(ctx) {
    for (const s of await services(ctx.repo)) {
      const h = s.health[0];
      if (h) ctx.evidence(`${s.language} service ${h.what}${h.weak ? ' (weak evidence)' : ''}`, { file: h.file, at: { offset: h.offset } });
      else {
        const at = s.server[0];
        ctx.report({ message: `the ${s.language} service serves no health endpoint (/healthz, /health, /readyz)`, file: at.file, at: { offset: at.offset, length: at.length } });
      }
    }
  },
});
