// answers → plan (every part's files) → rendered contents. Writing is write.ts's job.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StackAnswers } from './answers.js';
import type { PlannedFile, PlanPart } from './plan.js';
import { renderTemplate } from './render.js';
import { templateData } from './template-data.js';

/** generators/parts/, next to src/ both in sources and in dist/. */
export const PARTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'generators', 'parts');

export async function loadParts(): Promise<Array<{ name: string; part: PlanPart }>> {
  const files = readdirSync(PARTS_DIR)
    .filter((f) => /\.(js|ts)$/.test(f) && !/\.(d|test)\.(js|ts)$/.test(f) && !f.startsWith('_'))
    .sort();
  return Promise.all(
    files.map(async (f) => ({ name: f.replace(/\.(js|ts)$/, ''), part: ((await import(pathToFileURL(join(PARTS_DIR, f)).href)) as { default: PlanPart }).default })),
  );
}

export async function planStack(answers: StackAnswers): Promise<PlannedFile[]> {
  const data = templateData(answers);
  const out: PlannedFile[] = [];
  const seen = new Map<string, string>();
  for (const { name, part } of await loadParts()) {
    for (const f of part(data)) {
      if (seen.has(f.path)) throw new Error(`${f.path} is planned by both ${seen.get(f.path)} and ${name}`);
      seen.set(f.path, name);
      out.push(f);
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export interface RenderedFile {
  path: string;
  content: string;
  mode?: number;
}

export async function renderStack(answers: StackAnswers): Promise<RenderedFile[]> {
  const data = templateData(answers);
  const plan = await planStack(answers);
  return plan.map((f) => ({
    path: f.path,
    content: f.content ?? renderTemplate(f.template!, { ...data, ...(f.data ?? {}) }),
    ...(f.mode ? { mode: f.mode } : {}),
  }));
}
