import { defineRule } from '../../src/audit/load-rules.js';
import { services } from '../../src/rules-kit/app-code.js';

const EXPRESS = "import express from 'express';\nconst app = express();\nconst server = app.listen(8080);\n";

export default defineRule({
  meta: {
    id: 'app/graceful-shutdown',
    title: 'SIGTERM drains the server before the process exits',
    description:
      'Every deploy, scale-in and node drain sends SIGTERM. A process that ignores it is killed after the grace period with requests in flight; one that exits at once drops them. The handler must stop accepting connections and let in-flight requests finish (`server.close()`, `Shutdown(ctx)`, `httpd.shutdown()`).',
    remediation: 'Handle SIGTERM: mark the instance not-ready, stop the listener (`server.close()`), wait for in-flight requests with a deadline, then exit 0.',
    checklistItem: 'containers.graceful-shutdown',
    severity: 'high',
    artifacts: ['source-js', 'source-py', 'source-go', 'source-java'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'src/server.js', code: EXPRESS, note: 'no SIGTERM handler' },
        { path: 'src/server.js', code: EXPRESS + "process.on('SIGTERM', () => process.exit(0));\n", note: 'exits without draining' },
      ],
      pass: [
        { path: 'src/server.js', code: EXPRESS + "process.on('SIGTERM', () => server.close(() => process.exit(0)));\n" },
        { path: 'src/server.js', code: EXPRESS + "async function shutdown() {\n  await new Promise((r) => server.close(r));\n}\nprocess.once('SIGTERM', () => void shutdown());\n", note: 'through a local function' },
        {
          path: 'main.go',
          code: 'package main\n\nimport (\n\t"context"\n\t"net/http"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: ":8080"}\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n\tgo srv.ListenAndServe()\n\t<-ctx.Done()\n\tsrv.Shutdown(context.Background())\n}\n',
        },
      ],
    },
  },
  async check(ctx) {
    for (const s of await services(ctx.repo)) {
      const d = s.drain[0];
      if (s.sigterm.length && d) {
        ctx.evidence(`${s.language} service: ${d.what}${d.weak ? ' (weak evidence)' : ''}`, { file: d.file, at: { offset: d.offset } });
      } else if (s.sigterm.length) {
        const t = s.sigterm[0];
        ctx.report({ message: `the ${s.language} service handles SIGTERM but never stops its server: in-flight requests are dropped`, file: t.file, at: { offset: t.offset, length: t.length } });
      } else if (d && /terminus|terminator|stoppable|close-with-grace|lightship/.test(d.what)) {
        ctx.evidence(`${s.language} service: ${d.what}`, { file: d.file, at: { offset: d.offset } });
      } else {
        const at = s.server[0];
        ctx.report({ message: `the ${s.language} service does not handle SIGTERM: deploys and scale-ins drop in-flight requests`, file: at.file, at: { offset: at.offset, length: at.length } });
      }
    }
  },
});
