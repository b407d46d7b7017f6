// One normalised model of the repository's CI: jobs (GitHub Actions and GitLab CI), their triggers,
// environments, and steps with `run`/`script` parsed as shell and `uses` refs. Local composite
// actions are expanded into the steps that use them; jobs of reusable workflows get the triggers of
// the workflows that call them. Built once per Repository (WeakMap) and queried by evidence rules.
import type { Scalar } from 'yaml';
import type { At } from '../audit/types.js';
import type { Repository } from '../repo/repository.js';
import { parseScript, valueOffsetToFile, type Script, type ScriptCommand } from './ci-script.js';
import { gitlabPipelines, type GlInclude, type GlJob } from './gitlab.js';
import { actionOf, parseUses, workflowOf, type GhJob, type GhStep, type GhWorkflow } from './workflows.js';

export type Provider = 'github' | 'gitlab';
export type CiEvent = 'push' | 'pull_request' | 'tag' | 'release' | 'manual' | 'schedule' | 'workflow_call' | 'workflow_run' | 'other';

export interface CiTrigger {
  event: CiEvent;
  /** Branch filter (push); absent means every branch. */
  branches?: string[];
  /** The trigger as written (`pull_request`, `merge_request_event`, `only: tags` …). */
  raw: string;
}

export interface CiStep {
  file: string;
  at: At;
  index: number;
  /** Position in the job's expanded step list (composite actions inlined). */
  order: number;
  name?: string;
  uses?: string;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  if?: string;
  script?: Script;
  scriptNode?: Scalar;
  /** Set when the step comes from a local composite action (its path). */
  via?: string;
  gh?: GhStep;
}

export interface CiJob {
  provider: Provider;
  file: string;
  id: string;
  name?: string;
  at: At;
  triggers: CiTrigger[];
  environment?: { name: string; at?: At; candidates: string[] };
  /** A human must start it: GitLab `when: manual`, or only `workflow_dispatch`. */
  manualGate: boolean;
  needs: string[];
  steps: CiStep[];
  /** Reusable workflow this job calls (`jobs.<id>.uses`). */
  calls?: string;
  stage?: string;
  gh?: GhJob;
  workflow?: GhWorkflow;
  gl?: GlJob;
}

export interface CiModel {
  jobs: CiJob[];
  /** Every CI configuration file read. */
  files: string[];
  providers: Set<Provider>;
  /** GitLab `include:` entries (templates and components carry security scanners). */
  gitlabIncludes: GlInclude[];
  gitlabStages: string[];
}

const cache = new WeakMap<Repository, CiModel>();

export function ciModel(repo: Repository): CiModel {
  const hit = cache.get(repo);
  if (hit) return hit;
  const model: CiModel = { jobs: [], files: [], providers: new Set(), gitlabIncludes: [], gitlabStages: [] };
  addGithub(repo, model);
  addGitlab(repo, model);
  cache.set(repo, model);
  return model;
}

/** Locate a command of a step's script in the file. */
export function commandAt(repo: Repository, step: CiStep, cmd: ScriptCommand): At {
  if (!step.scriptNode) return step.at;
  const a = repo.get(step.file);
  if (!a) return step.at;
  const start = valueOffsetToFile(step.scriptNode, a.text, cmd.start);
  const end = valueOffsetToFile(step.scriptNode, a.text, cmd.end);
  return { offset: start, length: Math.max(0, end - start) };
}

// ---------------------------------------------------------------------------------------------

function ghTriggers(wf: GhWorkflow): CiTrigger[] {
  const out: CiTrigger[] = [];
  for (const t of wf.triggers) {
    const v = t.value as { branches?: unknown; tags?: unknown; 'branches-ignore'?: unknown };
    const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : typeof x === 'string' ? [x] : undefined);
    switch (t.event) {
      case 'push': {
        const branches = list(v.branches);
        const tags = list(v.tags);
        if (tags) out.push({ event: 'tag', raw: 'push tags' });
        if (branches || !tags) out.push({ event: 'push', branches, raw: 'push' });
        break;
      }
      case 'pull_request':
      case 'pull_request_target':
      case 'merge_group':
        out.push({ event: 'pull_request', branches: list(v.branches), raw: t.event });
        break;
      case 'release':
        out.push({ event: 'release', raw: 'release' });
        break;
      case 'workflow_dispatch':
      case 'repository_dispatch':
        out.push({ event: 'manual', raw: t.event });
        break;
      case 'schedule':
        out.push({ event: 'schedule', raw: 'schedule' });
        break;
      case 'workflow_call':
        out.push({ event: 'workflow_call', raw: 'workflow_call' });
        break;
      case 'workflow_run':
        out.push({ event: 'workflow_run', raw: 'workflow_run' });
        break;
      default:
        out.push({ event: 'other', raw: t.event });
    }
  }
  return out;
}

function ghStep(file: string, s: GhStep, via?: string): CiStep {
  return {
    file,
    at: s.node,
    index: s.index,
    order: 0,
    name: s.name,
    uses: s.uses,
    with: s.with,
    env: s.env,
    if: s.if,
    script: s.script,
    scriptNode: s.runNode,
    via,
    gh: s,
  };
}

function addGithub(repo: Repository, model: CiModel): void {
  const workflows = repo
    .ofKind('github-workflow')
    .map((a) => workflowOf(a))
    .filter((w): w is GhWorkflow => Boolean(w));
  if (workflows.length) model.providers.add('github');
  const byPath = new Map(workflows.map((w) => [w.artifact.path, w]));
  const expandSteps = (file: string, steps: GhStep[], depth = 0): CiStep[] =>
    steps.flatMap((s) => {
      const out = [ghStep(file, s)];
      const ref = s.uses ? parseUses(s.uses) : undefined;
      if (ref?.kind === 'local' && !ref.workflow && depth < 4) {
        const a = repo.get(`${ref.name}/action.yml`) ?? repo.get(`${ref.name}/action.yaml`);
        const action = a ? actionOf(a) : undefined;
        if (action) {
          if (!model.files.includes(a!.path)) model.files.push(a!.path);
          out.push(...expandSteps(a!.path, action.steps, depth + 1).map((x) => ({ ...x, via: x.via ?? a!.path })));
        }
      }
      return out;
    });
  const jobsOf = new Map<string, CiJob[]>();
  for (const wf of workflows) {
    const file = wf.artifact.path;
    model.files.push(file);
    const triggers = ghTriggers(wf);
    const dispatchOptions = dispatchChoices(wf);
    const list: CiJob[] = wf.jobs.map((j) => {
      const calls = j.uses ? parseUses(j.uses) : undefined;
      const job: CiJob = {
        provider: 'github',
        file,
        id: j.id,
        name: j.name,
        at: j.keyNode,
        triggers: [...triggers],
        manualGate: triggers.length > 0 && triggers.every((t) => t.event === 'manual'),
        needs: j.needs,
        steps: expandSteps(file, j.steps).map((s, order) => ({ ...s, order })),
        calls: calls ? (calls.kind === 'local' ? calls.name : j.uses) : undefined,
        gh: j,
        workflow: wf,
      };
      if (j.environment) {
        const candidates = /\$\{\{/.test(j.environment.name) ? dispatchOptions : [j.environment.name];
        job.environment = { name: j.environment.name, at: j.environment.node, candidates };
      }
      return job;
    });
    jobsOf.set(file, list);
    model.jobs.push(...list);
  }
  // Reusable workflows run on their callers' triggers; their `${{ inputs.x }}` environments take
  // the values callers pass.
  for (let round = 0; round < 3; round++) {
    for (const caller of model.jobs) {
      if (!caller.calls || !byPath.has(caller.calls)) continue;
      for (const callee of jobsOf.get(caller.calls) ?? []) {
        for (const t of caller.triggers) if (!callee.triggers.some((x) => x.event === t.event && x.raw === t.raw)) callee.triggers.push(t);
        callee.manualGate = callee.triggers.filter((t) => t.event !== 'workflow_call').every((t) => t.event === 'manual');
        if (callee.environment && /inputs\.([\w-]+)/.test(callee.environment.name)) {
          const input = /inputs\.([\w-]+)/.exec(callee.environment.name)![1];
          const passed = caller.gh?.withValue[input];
          if (typeof passed === 'string' && !callee.environment.candidates.includes(passed)) callee.environment.candidates.push(passed);
        }
      }
    }
  }
}

function dispatchChoices(wf: GhWorkflow): string[] {
  const out: string[] = [];
  for (const t of wf.triggers) {
    if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue;
    const inputs = (t.value as { inputs?: Record<string, { options?: unknown; default?: unknown }> }).inputs ?? {};
    for (const i of Object.values(inputs)) {
      if (i && Array.isArray(i.options)) out.push(...i.options.map(String));
      if (i && typeof i.default === 'string') out.push(i.default);
    }
  }
  return out;
}

function addGitlab(repo: Repository, model: CiModel): void {
  for (const p of gitlabPipelines(repo)) {
    model.providers.add('gitlab');
    for (const f of p.files) if (!model.files.includes(f)) model.files.push(f);
    model.gitlabIncludes.push(...p.includes);
    model.gitlabStages = p.stages;
    for (const j of p.jobs) {
      const triggers: CiTrigger[] = j.events.map((e) => ({ event: e.event, branches: e.branches, raw: e.event === 'pull_request' ? 'merge_request_event' : e.event }));
      const steps: CiStep[] = j.scripts.map((line, index) => ({
        file: line.file,
        at: line.node ?? j.keyNode,
        index,
        order: index,
        with: {},
        env: {},
        script: parseScript(line.text),
        scriptNode: line.node,
      }));
      const job: CiJob = {
        provider: 'gitlab',
        file: j.file,
        id: j.id,
        at: j.keyNode,
        triggers,
        manualGate: j.manual,
        needs: j.needs,
        steps,
        stage: j.stage,
        gl: j,
      };
      if (j.environment) job.environment = { name: j.environment.name, candidates: [j.environment.name] };
      model.jobs.push(job);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries

/** `ci.yml` job `test` (for messages). */
export function describeJob(job: CiJob): string {
  return `\`${job.file}\` job \`${job.id}\``;
}

/** The events a job runs on, for messages: `pull_request, push (main)`. */
export function describeTriggers(job: CiJob): string {
  const parts = job.triggers.filter((t) => t.event !== 'workflow_call').map((t) => (t.branches?.length ? `${t.raw} (${t.branches.join(', ')})` : t.raw));
  return [...new Set(parts)].join(', ') || 'no trigger';
}

/** Runs on changes before they merge: pull/merge requests, or pushes to every branch. */
export function runsBeforeMerge(job: CiJob): boolean {
  return job.triggers.some((t) => t.event === 'pull_request' || (t.event === 'push' && !t.branches?.length) || (t.event === 'push' && t.branches!.some((b) => b.includes('*') && b !== 'main')));
}

/** Runs automatically on code changes (push, pull request, tag, release). */
export function runsOnChange(job: CiJob): boolean {
  return job.triggers.some((t) => t.event === 'push' || t.event === 'pull_request' || t.event === 'tag' || t.event === 'release');
}

const PROD = /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i;

export function isProductionName(name: string): boolean {
  return PROD.test(name);
}

/** Environment names a job may deploy to (its `environment`, else hints in its name or file). */
export function environmentNames(job: CiJob): string[] {
  if (job.environment) return job.environment.candidates.length ? job.environment.candidates : [job.environment.name];
  return [];
}

export function targetsProduction(job: CiJob): boolean {
  if (job.environment) return environmentNames(job).some(isProductionName);
  return isProductionName(job.id) || isProductionName(job.name ?? '') || isProductionName(job.file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')) || (job.workflow?.name ? isProductionName(job.workflow.name) : false);
}
