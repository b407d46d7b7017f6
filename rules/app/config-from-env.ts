import { defineRule } from '../../src/audit/load-rules.js';
import type { Language } from '../../src/rules-kit/app-code.js';
import { hardcodedAddress, jsSource, jsStrings, isServiceFile, lexStrings, loadTypescript } from '../../src/rules-kit/app-code.js';

const LANG: Record<string, Language> = { 'source-js': 'js', 'source-py': 'py', 'source-go': 'go', 'source-java': 'java' };

export default defineRule({
  meta: {
    id: 'app/config-from-env',
    title: 'Hosts and connection strings come from the environment, not the code',
    description:
      '"Hardcoded configurations" is one of the anti-patterns the orchestrator checklist names: a database host or an internal URL written in the code ties the build to one environment, so staging runs against production or each environment needs its own image. Configuration read from the environment lets one immutable image run everywhere.',
    remediation: 'Read the address from an environment variable (`process.env.DATABASE_URL`, `os.environ["DATABASE_URL"]`, `os.Getenv`, `System.getenv`) set per environment by the deployment, with no production default.',
    checklistItem: 'infrastructure.immutable',
    severity: 'medium',
    artifacts: ['source-js', 'source-py', 'source-go', 'source-java'],
    examples: {
      fail: [
        { path: 'src/db.js', code: "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: 'postgres://app@prod-db.internal:5432/app' });\n" },
        { path: 'src/client.ts', code: "export const API = process.env.API_URL ?? 'https://api.staging.acme.io/v1';\n", note: 'an environment-specific default' },
        { path: 'app/settings.py', code: 'REDIS_URL = "redis://10.0.3.12:6379/0"\n' },
      ],
      pass: [
        { path: 'src/db.js', code: "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n" },
        { path: 'src/client.ts', code: "const DOCS = 'https://api.github.com/repos';\nexport const local = 'http://localhost:8080';\n", note: 'public APIs and local addresses are not environment config' },
        { path: 'app/settings.py', code: 'import os\nREDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")\n' },
      ],
    },
  },
  async check(ctx) {
    const a = ctx.artifact;
    const lang = [...a.kinds].map((k) => LANG[k]).find(Boolean);
    if (!lang || !isServiceFile(a.path)) return; // per file: listing every service file here was quadratic
    let strings: Array<{ value: string; offset: number; length: number }>;
    if (lang === 'js') {
      const ts = await loadTypescript();
      if (!ts) return;
      const sf = jsSource(ts, a);
      strings = jsStrings(ts, sf).map((s) => ({ value: s.value, offset: s.node.getStart(sf), length: s.node.getWidth(sf) }));
    } else strings = lexStrings(a, lang);
    let bad = 0;
    for (const s of strings) {
      const why = hardcodedAddress(s.value);
      if (!why) continue;
      bad++;
      // The literal may carry credentials: show only the kind of address, never the whole string.
      ctx.report({ message: `hard-coded ${why}: read it from the environment`, at: { offset: s.offset, length: s.length } });
    }
    if (!bad && /process\.env|os\.environ|os\.getenv|os\.Getenv|os\.LookupEnv|System\.getenv/.test(a.text)) ctx.evidence('configuration read from the environment', { at: { line: 1 } });
  },
});
