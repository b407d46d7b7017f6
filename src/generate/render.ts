// Handlebars with `noEscape` (we write YAML, HCL and shell, not HTML). GitHub expressions are
// written `$\{{ … }}` in templates so Handlebars leaves them alone. Helpers escape values for the
// format they land in.
//
// Speed: compiling ~120 templates costs ~200 ms, more than everything else a run does. The build
// precompiles them (precompile.ts → dist/templates.precompiled.cjs) and a run loads only the
// Handlebars runtime; a template whose source changed since the build (its sha1 differs) is
// compiled on the spot with the full compiler, loaded only then.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type HandlebarsNs from 'handlebars';
import { PACKAGE_ROOT } from '../schemas.js';
import { actionPins } from './template-data.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
export const PRECOMPILED_FILE = join(PACKAGE_ROOT, 'dist', 'templates.precompiled.cjs');

const require = createRequire(import.meta.url);
type Hb = typeof HandlebarsNs;
// The runtime's one-file build: handlebars/runtime is ~20 CommonJS modules to resolve and read
// (~10 ms of a run); this is the same code, bundled by Handlebars.
const runtime = require('handlebars/dist/handlebars.runtime.js') as Hb & { default?: Hb };
const hb: Hb = (runtime.default ?? runtime).create();

const HELPERS: Record<string, HandlebarsNs.HelperDelegate> = {
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  includes: (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v),
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''),
  upper: (s: unknown) => String(s).toUpperCase(),
  lower: (s: unknown) => String(s).toLowerCase(),
  snake: (s: unknown) => String(s).replace(/-/g, '_'),
  json: (v: unknown) => JSON.stringify(v),
  /** A double-quoted YAML/JSON/HCL-safe string literal (JSON string syntax is valid in all three). */
  quote: (v: unknown) => JSON.stringify(String(v)),
  /** `owner/repo@<sha> # <tag>` from data/github-actions.json. */
  action: (name: unknown) => {
    const pin = actionPins()[String(name)];
    if (!pin) throw new Error(`no pinned SHA for action ${String(name)} in data/github-actions.json`);
    return `${String(name)}@${pin.sha} # ${pin.tag}`;
  },
};
hb.registerHelper(HELPERS);

/**
 * Options every template is compiled with, at build time or on the spot. With the helpers known,
 * `{{name}}` compiles to a lookup in the data instead of a helper check first: the same output,
 * a sixth less code to load and less work per value (a template calling any other helper does not compile).
 */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
  knownHelpersOnly: true,
} as const;

export const sourceHash = (src: string) => createHash('sha1').update(src).digest('hex');

type Spec = { hash: string; spec: object };
let precompiled: Map<string, object> | undefined;
/**
 * Precompiled specs by source hash (templates and partials alike). Not through compile-cache.ts:
 * V8 reads back a code cache of this 1 MB file (specs and the functions a run used) no faster
 * than it compiles the file (measured on Node 20).
 */
function loadPrecompiled(): Map<string, object> {
  if (!precompiled) {
    precompiled = new Map();
    try {
      for (const e of Object.values(require(PRECOMPILED_FILE) as Record<string, Spec>)) precompiled.set(e.hash, e.spec);
    } catch {
      /* not built (tests from sources): compile everything on the spot */
    }
  }
  return precompiled;
}

let compiler: Hb | undefined;
/** Precompile one template's source to the JS text of its spec (the build uses this too). */
export function precompileSource(src: string): string {
  compiler ??= require('handlebars') as Hb;
  return compiler.precompile(src, COMPILE_OPTIONS) as string;
}

/** The runnable template for a source: precompiled when the build saw the same source, else compiled now. */
function templateFor(src: string): HandlebarsTemplateDelegate {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const spec = loadPrecompiled().get(sourceHash(src)) ?? (new Function(`return ${precompileSource(src)}`)() as object);
  return hb.template(spec as never) as HandlebarsTemplateDelegate;
}

// Partials registered as source text (parts do this) go through the same precompiled lookup:
// the runtime alone cannot compile them.
const registerPartial = hb.registerPartial.bind(hb) as (name: string, partial: unknown) => void;
(hb as { registerPartial: unknown }).registerPartial = (name: string | Record<string, unknown>, partial?: unknown) => {
  if (typeof name === 'object') {
    for (const [k, v] of Object.entries(name)) registerPartial(k, typeof v === 'string' ? templateFor(v) : v);
  } else registerPartial(name, typeof partial === 'string' ? templateFor(partial) : partial);
};

const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderTemplate(template: string, data: object): string {
  let fn = compiled.get(template);
  if (!fn) {
    fn = templateFor(readFileSync(join(TEMPLATES_DIR, template), 'utf8'));
    compiled.set(template, fn);
  }
  // LF whatever the template's checkout did (core.autocrlf on Windows): scripts with CRLF break.
  return fn(data).replace(/\r\n?/g, '\n');
}

export { hb as handlebars };
