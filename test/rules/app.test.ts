// Application-code facts per language: the TypeScript parser for JS/TS, the lexical scan
// (weaker evidence, marked as such) for Python, Go and Java.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { buildRepository, runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { appFacts, hardcodedAddress } from '../../src/rules-kit/app-code.js';

const facts = (memory: Record<string, string>) => appFacts(buildRepository({ root: '.', memory, config: defaultConfig(), rules: [] }));

describe('app facts', () => {
  it('reads a Python service: routes, SIGTERM with shutdown, JSON logs, environment, as weak evidence', async () => {
    const [f] = await facts({
      'app/server.py':
        'import json, os, signal\nfrom http.server import ThreadingHTTPServer\n\nROUTES = {"/healthz": 1, "/metrics": 2}\nPORT = int(os.environ.get("PORT", "8080"))\n# signal.SIGTERM in a comment does not count\n\ndef main():\n    httpd = ThreadingHTTPServer(("", PORT), None)\n    signal.signal(signal.SIGTERM, lambda *_: httpd.shutdown())\n    print(json.dumps({"msg": "up"}))\n',
    });
    expect(f.language).toBe('py');
    for (const k of ['server', 'health', 'metrics', 'sigterm', 'drain', 'structuredLog', 'envConfig'] as const) expect(f[k].length, k).toBeGreaterThan(0);
    expect(f.health.every((x) => x.weak)).toBe(true);
  });

  it('reads a Go service with slog, NotifyContext and Shutdown', async () => {
    const [f] = await facts({
      'main.go':
        'package main\n\nimport (\n\t"context"\n\t"log/slog"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tlog := slog.New(slog.NewJSONHandler(os.Stdout, nil))\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("/readyz", nil)\n\tsrv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux}\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n\tgo srv.ListenAndServe()\n\t<-ctx.Done()\n\tsrv.Shutdown(context.Background())\n\tlog.Info("stopped")\n}\n',
    });
    for (const k of ['server', 'health', 'sigterm', 'drain', 'structuredLog', 'envConfig'] as const) expect(f[k].length, k).toBeGreaterThan(0);
  });

  it('reads a Java service with actuator and logstash encoder from the manifest', async () => {
    const [f] = await facts({
      'src/main/java/app/App.java': 'package app;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class App {\n  public static void main(String[] a) {\n    Runtime.getRuntime().addShutdownHook(new Thread(() -> ctx.stop()));\n  }\n}\n',
      'pom.xml': '<project><dependencies><dependency><artifactId>spring-boot-starter-actuator</artifactId></dependency><dependency><artifactId>logstash-logback-encoder</artifactId></dependency><dependency><artifactId>micrometer-registry-prometheus</artifactId></dependency></dependencies></project>\n',
    });
    for (const k of ['server', 'health', 'metrics', 'sigterm', 'drain', 'structuredLog'] as const) expect(f[k].length, k).toBeGreaterThan(0);
  });

  it('follows a SIGTERM handler through local functions before crediting a drain', async () => {
    const [f] = await facts({
      'src/index.js': "import http from 'node:http';\nconst server = http.createServer().listen(8080);\nconst stopAll = () => server.close();\nfunction shutdown() { stopAll(); }\nprocess.on('SIGTERM', shutdown);\n",
    });
    expect(f.drain.map((d) => d.what)).toEqual(['SIGTERM handler stops the server (server.close)']);
  });

  it('tells environment addresses from public APIs', () => {
    expect(hardcodedAddress('postgres://app@prod-db.internal:5432/app')).toMatch(/connection string/);
    expect(hardcodedAddress('http://10.0.3.4:8080/x')).toMatch(/IP address/);
    expect(hardcodedAddress('https://api.staging.acme.io')).toMatch(/environment-specific/);
    expect(hardcodedAddress('https://api.github.com/repos')).toBeUndefined();
    expect(hardcodedAddress('redis://localhost:6379')).toBeUndefined();
    expect(hardcodedAddress('http://prometheus.monitoring.svc:9090')).toBeUndefined();
  });
});

describe('app/config-from-env', () => {
  it('points at the literal and never echoes a password in it', async () => {
    const rules = (await loadRules()).filter((r) => r.meta.id === 'app/config-from-env');
    const memory = { 'src/db.js': "import pg from 'pg';\nexport const pool = new pg.Pool({\n  connectionString: 'postgres://app:Sup3rS3cret@prod-db.internal:5432/app',\n});\n" };
    const { report } = await runAudit({ root: '.', memory, config: defaultConfig(), rules });
    expect(report.findings.map((f) => [f.line, f.column])).toEqual([[3, 21]]);
    expect(report.findings[0].message).not.toContain('Sup3rS3cret');
  });
});
