// answers → plan (every part's files) → rendered contents. Writing is write.ts's job.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackAnswers } from './answers.js';
import type { DeriveContext, FinalFile, MergeHook, PlannedFile, PlanPart } from './plan.js';
import { importByPath } from '../bundled-modules.js';
import { assertSafeRelativePath } from './paths.js';
import { renderTemplate } from './render.js';
import { templateData, type TemplateData } from './template-data.js';

/** generators/parts/, next to src/ both in sources and in dist/. */
export const PARTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'generators', 'parts');

/** Our records inside the target: the answers used and what we wrote (path → sha256). */
export const RECORD_DIR = '.devops-stack';
export const ANSWERS_PATH = `${RECORD_DIR}/answers.json`;
export const MANIFEST_PATH = `${RECORD_DIR}/manifest.json`;

let parts: Promise<Array<{ name: string; part: PlanPart }>> | undefined;

export function loadParts(): Promise<Array<{ name: string; part: PlanPart }>> {
  parts ??= (async () => {
    const files = readdirSync(PARTS_DIR)
      .filter((f) => /\.(js|ts)$/.test(f) && !/\.(d|test)\.(js|ts)$/.test(f) && !f.startsWith('_'))
      // Under vitest both a.ts and a stale a.js may not coexist, but in dist/ only .js exists: prefer one per name.
      .sort();
    const byName = new Map<string, string>();
    for (const f of files) {
      const name = f.replace(/\.(js|ts)$/, '');
      if (!byName.has(name) || f.endsWith('.js') === import.meta.url.endsWith('.js')) byName.set(name, f);
    }
    return Promise.all(
      [...byName].map(async ([name, f]) => ({ name, part: (await importByPath<{ default: PlanPart }>(join(PARTS_DIR, f))).default })),
    );
  })();
  return parts;
}

/** The answers record is itself part of the plan, so files-changed.json lists it. */
function answersRecord(a: StackAnswers): PlannedFile {
  return { path: ANSWERS_PATH, content: `${JSON.stringify(a, null, 2)}\n` };
}

export async function planStack(answers: StackAnswers, data: TemplateData = templateData(answers)): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [answersRecord(answers)];
  const seen = new Map<string, string>([[ANSWERS_PATH, 'core']]);
  for (const { name, part } of await loadParts()) {
    for (const f of part(data)) {
      assertSafeRelativePath(f.path);
      if (f.path === MANIFEST_PATH || seen.has(f.path)) throw new Error(`${f.path} is planned by both ${seen.get(f.path) ?? 'core'} and ${name}`);
      if (f.template === undefined && f.content === undefined && f.derive === undefined) throw new Error(`${name}: ${f.path} has no template, content or derive`);
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
  /** See PlannedFile.merge. */
  merge?: MergeHook;
}

/** A plan with every non-derived file rendered; derived files wait for the final file set. */
export interface PreparedStack {
  data: TemplateData;
  plan: PlannedFile[];
  rendered: Map<string, RenderedFile>;
}

export function renderPlanned(f: PlannedFile, data: TemplateData): RenderedFile {
  // The data itself unless the file adds its own: no copy of it per file.
  const content = f.content ?? renderTemplate(f.template!, f.data ? { ...data, ...f.data } : data);
  return { path: f.path, content, ...(f.mode ? { mode: f.mode } : {}), ...(f.merge ? { merge: f.merge } : {}) };
}

export async function prepareStack(answers: StackAnswers): Promise<PreparedStack> {
  const data = templateData(answers);
  const plan = await planStack(answers, data);
  return prepare(data, plan);
}

export function prepare(data: TemplateData, plan: PlannedFile[]): PreparedStack {
  const rendered = new Map<string, RenderedFile>();
  for (const f of plan) if (!f.derive) rendered.set(f.path, renderPlanned(f, data));
  return { data, plan, rendered };
}

/** Render the derived files against the final set of files (sorted; the manifest included). */
export function deriveFiles(stack: PreparedStack, final: FinalFile[]): RenderedFile[] {
  const files = [...final].sort((a, b) => (a.path < b.path ? -1 : 1));
  const inFinal = new Set(files.map((f) => f.path));
  const ctx: DeriveContext = {
    data: stack.data,
    files,
    content: (p) => (inFinal.has(p) ? stack.rendered.get(p)?.content : undefined),
  };
  return stack.plan.filter((f) => f.derive).map((f) => ({ path: f.path, content: f.derive!(ctx), ...(f.mode ? { mode: f.mode } : {}) }));
}

/** Every file of the stack, as a first run into an empty directory writes them (manifest excluded). */
export async function renderStack(answers: StackAnswers): Promise<RenderedFile[]> {
  const stack = await prepareStack(answers);
  const final: FinalFile[] = [...stack.plan.map((f) => f.path), MANIFEST_PATH].map((path) => ({ path, origin: 'created' }));
  const out = [...stack.rendered.values(), ...deriveFiles(stack, final)];
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
