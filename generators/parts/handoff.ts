// Handoff files (seed 001) and the orchestration context (seed 002). Everything here but plan.md
// is derived from the final plan, so files-changed.json lists exactly the files this run leaves
// written and the context files describe what the stack really holds.
import { groupFiles } from '../../src/generate/describe-files.js';
import { infrastructureState, monitoringState, openTasks, pipelinesState } from '../../src/generate/ai-state.js';
import type { DeriveContext, PlannedFile, PlanPart } from '../../src/generate/plan.js';
import { labelsFor } from '../../src/generate/labels.js';
import { renderTemplate } from '../../src/generate/render.js';
import type { TemplateData } from '../../src/generate/template-data.js';

export const AI_STATE_DIR = 'ai-state/active/devops';
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function handoffDir(feature: string): string {
  return `.agency/handoff/${feature}/devops-automator`;
}

export function filesChanged(ctx: DeriveContext): { created: string[]; modified: string[]; deleted: string[] } {
  return {
    created: ctx.files.filter((f) => f.origin === 'created').map((f) => f.path),
    modified: ctx.files.filter((f) => f.origin === 'modified').map((f) => f.path),
    deleted: [],
  };
}

/** Line breaks in every file, counted in place rather than by splitting each file into lines. */
function lineCount(ctx: DeriveContext): number {
  let n = 0;
  for (const f of ctx.files) {
    const text = ctx.content(f.path) ?? '';
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Handoff files for one feature: `add handoff <feature>` plans just these. */
export function handoffFiles(d: TemplateData): PlannedFile[] {
  const dir = handoffDir(d.feature);
  const tpl = '.agency/handoff/_feature_/devops-automator';
  return [
    { path: `${dir}/plan.md`, template: `${tpl}/plan.md.hbs`, data: { labels: labelsFor(d) } },
    {
      path: `${dir}/summary.md`,
      derive: (ctx) => {
        const changed = filesChanged(ctx);
        return renderTemplate(`${tpl}/summary.md.hbs`, {
          ...ctx.data,
          labels: labelsFor(ctx.data),
          groups: groupFiles(ctx.files.map((f) => f.path)),
          created: changed.created.length,
          modified: changed.modified.length,
          total: ctx.files.length,
          lines: lineCount(ctx),
          tasks: openTasks(ctx.data),
          alerts: monitoringState(ctx).alerts,
          pipelines: pipelinesState(ctx).pipelines,
          handoffDir: dir,
        });
      },
    },
    { path: `${dir}/files-changed.json`, derive: (ctx) => json(filesChanged(ctx)) },
  ];
}

export function aiStateFiles(d: TemplateData): PlannedFile[] {
  return [
    { path: `${AI_STATE_DIR}/pipelines.json`, derive: (ctx) => json(pipelinesState(ctx)) },
    { path: `${AI_STATE_DIR}/infrastructure.json`, derive: (ctx) => json(infrastructureState(ctx)) },
    { path: `${AI_STATE_DIR}/monitoring.json`, derive: (ctx) => json(monitoringState(ctx)) },
    ...openTasks(d).map((t) => ({ path: `${AI_STATE_DIR}/tasks/${t.id}.json`, content: json(t) })),
  ];
}

const part: PlanPart = (d) => [...handoffFiles(d), ...aiStateFiles(d)];
export default part;
