// Handlebars with `noEscape` (we write YAML, HCL and shell, not HTML). GitHub expressions are
// written `$\{{ … }}` in templates so Handlebars leaves them alone. Helpers escape values for the
// format they land in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../schemas.js';
import { actionPins } from './template-data.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

const hb = Handlebars.create();

hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
hb.registerHelper('not', (a: unknown) => !a);
hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
hb.registerHelper('upper', (s: unknown) => String(s).toUpperCase());
hb.registerHelper('lower', (s: unknown) => String(s).toLowerCase());
hb.registerHelper('snake', (s: unknown) => String(s).replace(/-/g, '_'));
hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
/** A double-quoted YAML/JSON/HCL-safe string literal (JSON string syntax is valid in all three). */
hb.registerHelper('quote', (v: unknown) => JSON.stringify(String(v)));
/** `owner/repo@<sha> # <tag>` from data/github-actions.json. */
hb.registerHelper('action', (name: unknown) => {
  const pin = actionPins()[String(name)];
  if (!pin) throw new Error(`no pinned SHA for action ${String(name)} in data/github-actions.json`);
  return `${String(name)}@${pin.sha} # ${pin.tag}`;
});

const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderTemplate(template: string, data: object): string {
  let fn = compiled.get(template);
  if (!fn) {
    const src = readFileSync(join(TEMPLATES_DIR, template), 'utf8');
    fn = hb.compile(src, { noEscape: true, strict: true });
    compiled.set(template, fn);
  }
  return fn(data);
}

export { hb as handlebars };
