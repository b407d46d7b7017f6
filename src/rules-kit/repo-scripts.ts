// Repository shell scripts (scripts/*.sh …) as delivery evidence: what each does, and whether CI runs it.
import type { At } from '../audit/types.js';
import type { Repository } from '../repo/repository.js';
import { scriptFileActivities, type Activity } from './ci-activities.js';
import { ciModel } from './ci-model.js';

export interface ScriptFact {
  activity: Activity;
  file: string;
  at: At;
  message: string;
  /** The command that shows it (or "by its name"). */
  what: string;
  /** A CI step runs this script. */
  runByCi: boolean;
}

const cache = new WeakMap<Repository, ScriptFact[]>();

/** Scripts CI calls (`./scripts/x.sh`, `bash scripts/x.sh`), by path. */
export function scriptsRunByCi(repo: Repository): Set<string> {
  const out = new Set<string>();
  for (const job of ciModel(repo).jobs) {
    for (const step of job.steps) {
      for (const c of step.script?.commands ?? []) {
        for (const x of c.args.slice(0, 2)) {
          const p = x.replace(/^\.\//, '').replace(/^\$\{?(GITHUB_WORKSPACE|CI_PROJECT_DIR)\}?\//, '');
          if (repo.get(p)?.is('shell')) out.add(p);
        }
      }
    }
  }
  return out;
}

export function scriptFacts(repo: Repository): ScriptFact[] {
  const hit = cache.get(repo);
  if (hit) return hit;
  const ci = scriptsRunByCi(repo);
  const out: ScriptFact[] = [];
  for (const a of repo.ofKind('shell')) {
    const seen = new Set<Activity>();
    for (const h of scriptFileActivities(repo, a.path)) {
      if (seen.has(h.activity)) continue;
      seen.add(h.activity);
      const verb = h.activity === 'rollback' ? 'rolls back' : h.activity === 'health-check' ? 'checks health' : h.activity === 'deploy' ? 'deploys' : `does ${h.activity}`;
      out.push({ activity: h.activity, file: a.path, at: h.at, what: h.what, message: `\`${a.path}\` ${verb} (${h.what})${ci.has(a.path) ? ', run by CI' : ''}`, runByCi: ci.has(a.path) });
    }
  }
  cache.set(repo, out);
  return out;
}
