// The application skeleton for the chosen runtime: every template under templates/app/<runtime>/
// lands at the same relative path in the generated repository. `existing` apps get none.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import { TEMPLATES_DIR } from '../../src/generate/render.js';

/** Template files under `templates/<dir>`, each planned at its path below `dir` without `.hbs`. */
export function templateTree(dir: string): PlannedFile[] {
  const root = join(TEMPLATES_DIR, dir);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => relative(TEMPLATES_DIR, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
    .map((template) => ({ path: template.slice(dir.length + 1, -'.hbs'.length), template }));
}

const app: PlanPart = (data) => (data.hasApp ? templateTree(`app/${data.runtime}`) : []);

export default app;
