// Shared pieces of the cross-CI evidence rules: where to point when nothing is found, whether delivery
// items apply, and evidence messages that say where and what.
import type { RuleContext } from '../audit/types.js';
import type { Repository } from '../repo/repository.js';
import { byActivity, type Activity, type Found } from './ci-activities.js';
import { ciModel, describeJob, describeTriggers } from './ci-model.js';

/** The file a "nothing found" finding points at. */
export function ciAnchor(repo: Repository): string {
  const m = ciModel(repo);
  if (m.providers.has('github')) return '.github/workflows';
  if (m.providers.has('gitlab')) return m.files[0] ?? '.gitlab-ci.yml';
  return '.';
}

export function hasCi(repo: Repository): boolean {
  return ciModel(repo).files.length > 0;
}

const DEPLOYABLE = ['dockerfile', 'compose', 'kubernetes', 'helm-values', 'terraform', 'helm-chart'] as const;

/** Delivery items apply when there is something to deploy (same kinds as checklists.ts), or a deploy job. */
export function hasDeployables(repo: Repository): boolean {
  return DEPLOYABLE.some((k) => repo.has(k)) || byActivity(repo, 'deploy').length > 0;
}

/** "`ci.yml` job `test` runs `npm test` on pull_request, push (main)". */
export function foundMessage(f: Found, verb = 'runs'): string {
  const via = f.step?.via ? ` (via \`${f.step.via}\`)` : '';
  if (f.job.id.startsWith('include ') && !f.job.steps.length) return `\`${f.job.file}\` includes ${f.what.replace(/^`include: /, '`')}`;
  return `${describeJob(f.job)} ${verb} ${f.what}${via} on ${describeTriggers(f.job)}`;
}

/** Record one evidence line per job and activity (not per matching command). */
export function recordEvidence(ctx: RuleContext, found: Found[], verb = 'runs', limit = 6): number {
  const seen = new Set<string>();
  let n = 0;
  for (const f of found) {
    const key = `${f.job.file}\0${f.job.id}\0${f.activity}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (n++ < limit) ctx.evidence(foundMessage(f, verb), { file: f.file, at: f.at });
  }
  return n;
}

export const SCAN_KINDS: Array<{ activity: Activity; label: string }> = [
  { activity: 'dep-audit', label: 'dependency audit' },
  { activity: 'sast', label: 'SAST' },
  { activity: 'image-scan', label: 'container image scan' },
  { activity: 'iac-scan', label: 'IaC scan' },
  { activity: 'secret-scan', label: 'secret scan' },
];

/** Includes and reusable workflows that live outside the repository: their jobs cannot be read. */
export function unreadSources(repo: Repository): string[] {
  const m = ciModel(repo);
  const out: string[] = [];
  for (const i of m.gitlabIncludes) if (i.kind === 'project' || i.kind === 'remote' || i.kind === 'component') out.push(`\`include: ${i.kind}: ${i.value}\``);
  for (const j of m.jobs) if (j.calls && !m.files.includes(j.calls)) out.push(`\`${j.calls}\``);
  return [...new Set(out)];
}

/** Report a "nothing found" gap at the CI anchor, noting CI sources the audit could not read. */
export function reportGap(ctx: RuleContext, input: Omit<Parameters<RuleContext['report']>[0], 'file'> & { file?: string }): void {
  const unread = unreadSources(ctx.repo);
  const note = unread.length ? ` (not seen: jobs from ${unread.slice(0, 2).join(', ')}${unread.length > 2 ? ` and ${unread.length - 2} more` : ''}, which live outside this repository)` : '';
  ctx.report({ ...input, file: input.file ?? ciAnchor(ctx.repo), message: `${input.message}${note}` });
}
