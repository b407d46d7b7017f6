// What dist/bin/devops-audit.js runs (scripts/bundle.ts bundles this file into it as CommonJS, so
// Node starts no ES module loader): the command's bundle, compiled from V8's code cache. A lone
// `--version` reads package.json and loads nothing else (tools ask it on every run). A --staged run
// starts git first.
import { readFileSync } from 'node:fs';
import { runCommonJs } from '../compile-cache.js';
import { prefetchStaged } from '../repo/staged-prefetch.js';
import { setAuditFlags } from '../v8-flags.js';

export function launchAudit(bundleFile: string, packageJsonFile: string): void {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`${(JSON.parse(readFileSync(packageJsonFile, 'utf8')) as { version: string }).version}\n`);
    return;
  }
  setAuditFlags();
  // git answers while the bundle loads (repo/staged-prefetch.ts).
  if (args.includes('--staged')) prefetchStaged();
  runCommonJs(bundleFile);
}
