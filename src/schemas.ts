// JSON Schemas shipped in schemas/: loaded from the package, compiled once per process.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { quickHash } from './hash.js';

/** The package root, whether running from dist/ or from sources under vitest. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'create-devops-stack') return dir;
    } catch {
      /* keep looking upwards */
    }
    dir = dirname(dir);
  }
  return join(start, '..');
}

const cache = new Map<string, object>();
export function loadSchema(name: string): object {
  let s = cache.get(name);
  if (!s) cache.set(name, (s = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8')) as object));
  return s;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let ajv: any;
const compiled = new WeakMap<object, ValidateFunction>();

/** An ajv (2020-12, all errors off, formats on) validator for a schema object; compiled once. */
export function validator(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (v) return v;
  if (!ajv) {
    // Loaded lazily: ajv is only needed when a config, answers file or schema-checked artifact is read.
    const req = createRequireHere();
    const Ajv2020 = req('ajv/dist/2020').default;
    const addFormats = req('ajv-formats').default ?? req('ajv-formats');
    ajv = new Ajv2020({ allErrors: false, strict: false, allowUnionTypes: true });
    addFormats(ajv);
  }
  v = ajv.compile(schema) as ValidateFunction;
  compiled.set(schema, v);
  return v;
}

import { createRequire } from 'node:module';
function createRequireHere() {
  return createRequire(import.meta.url);
}

// ---- validators built ahead of time: no ajv import or compile at run time (~100 ms) ----

/** Where the build writes a schema's standalone validator: dist/validators/<name>.cjs. */
export const builtValidatorFile = (name: string) => join(PACKAGE_ROOT, 'dist', 'validators', name.replace(/\.json$/, '.cjs'));
export const schemaHash = (text: string) => quickHash(text);

/** The build's validator for schemas/<name> when built from its current text, else ajv compiling it now. */
export function builtValidator(name: string): ValidateFunction {
  const schema = loadSchema(name);
  let v = compiled.get(schema);
  if (v) return v;
  try {
    const built = createRequireHere()(builtValidatorFile(name)) as ValidateFunction & { default?: ValidateFunction; schemaHash?: string };
    if (built.schemaHash === schemaHash(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8'))) v = built.default ?? built;
  } catch {
    /* not built (sources under vitest): compile */
  }
  v ??= validator(schema);
  compiled.set(schema, v);
  return v;
}

/** Build step: write the standalone validator of each schema (same ajv options as validator()). */
export function buildValidators(names: string[]): void {
  const req = createRequireHere();
  const Ajv2020 = req('ajv/dist/2020').default;
  const standalone = req('ajv/dist/standalone').default;
  for (const name of names) {
    const text = readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8');
    const ajv = new Ajv2020({ allErrors: false, strict: false, allowUnionTypes: true, code: { source: true, esm: false } });
    const code = standalone(ajv, ajv.compile(JSON.parse(text))) as string;
    const out = builtValidatorFile(name);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `// Generated from schemas/${name} by buildValidators (src/schemas.ts): do not edit.\n${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`);
  }
}

/** The schemas validated at run time by name (not the vendored Kubernetes ones). */
export const TOP_LEVEL_SCHEMAS = () => readdirSync(join(PACKAGE_ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();

export const _schemaDir = () => join(PACKAGE_ROOT, 'schemas');
