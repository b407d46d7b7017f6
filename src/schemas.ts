// JSON Schemas shipped in schemas/: loaded from the package, compiled once per process.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

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

export const _schemaDir = () => join(PACKAGE_ROOT, 'schemas');
