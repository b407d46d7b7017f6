// The parse-only pass: the floor for the audit's own work. One process that discovers and
// classifies the files as the audit does, reads each once and parses it with the same parsers
// (YAML with positions and its plain values, JSON, Dockerfile, HCL, Markdown, shell, and the
// TypeScript parser for JS/TS sources), and does nothing else: no rule, no report.
// Usage: node bench/parse-only.mjs <dir>   (prints a one-line summary)
import { dist } from './lib/paths.mjs';

const root = process.argv[2] ?? process.cwd();
// The audit's V8 flags: the same heap policy, and code caches (mvdan-sh, TypeScript) made under the
// same flags, so the two processes do not reject and rewrite each other's caches between runs.
(await dist('src/v8-flags.js')).setAuditFlags();
const { discover } = await dist('src/repo/discover.js');
const { Repository } = await dist('src/repo/repository.js');
const { DiskSource } = await dist('src/repo/sources.js');
const { initHcl } = await dist('src/repo/parsers/hcl.js');
const { loadTypescript, jsSource } = await dist('src/rules-kit/app-code.js');

const found = discover(root);
const repo = new Repository(root, new DiskSource(root), new Set(found.files.map((f) => f.path)));
for (const f of found.files) repo.add(f.path, f.size);
if (repo.artifacts.some((a) => a.parsers().includes('hcl'))) await initHcl();
const ts = repo.has('source-js') ? await loadTypescript() : null;

let failed = 0;
for (const a of repo.artifacts) {
  if (a.parseFailures().length) failed++;
  if (a.is('yaml') && !a.skipped) a.yamlDocs();
  if (ts && a.is('source-js') && !a.skipped) jsSource(ts, a);
}
process.stdout.write(`parse-only: ${repo.artifacts.length} files, ${failed} unparsable\n`);
