// The questions, with @clack/prompts. Imported lazily, and only when stdin and stdout are
// terminals and CI is unset: without a TTY clack hangs or exits 13.
import * as p from '@clack/prompts';
import { CLOUDS, DEFAULT_REGION, DEFAULT_REGISTRY, defaultAnswers, LOGGING, MONITORING, ORCHESTRATORS, REGISTRIES, RUNTIMES, SECRETS, STRATEGIES, TRACING, type StackAnswers } from './answers.js';
import { LABELS } from './labels.js';
import { mergeAnswers } from './resolve-answers.js';
import { AnswersError, checkAnswers, checkPartialAnswers } from './validate.js';
import { VERSION } from '../version.js';

type Key = keyof StackAnswers;

function options<K extends keyof typeof LABELS>(key: K, values: readonly string[]) {
  const labels = LABELS[key] as Record<string, string>;
  return values.map((value) => ({ value, label: labels[value] ?? value }));
}

/** A text answer checked against the schema as the user types. */
function fieldError(key: Key, raw: string, parse: (s: string) => unknown): string | undefined {
  try {
    checkPartialAnswers({ [key]: parse(raw) });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Thrown from a group's onCancel: clack's group otherwise moves on to the next question. */
class Cancelled extends Error {}
const stopOnCancel = {
  onCancel: () => {
    throw new Cancelled();
  },
};

/** A group of the questions that are still to ask (entries left undefined are skipped). */
async function askGroup<T extends Record<string, unknown>>(questions: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(questions).filter(([, q]) => q !== undefined));
  return (await p.group(defined as never, stopOnCancel)) as T;
}

export interface Asked {
  answers: Partial<StackAnswers>;
  /** How to treat a non-empty target, when the user was asked. */
  mode?: 'merge' | 'force';
}

/** Ask for the answers not given; undefined when the user cancels (Ctrl-C or "no"). */
export async function askAnswers(given: Partial<StackAnswers>, missing: readonly Key[], ctx: { displayDir: string; nonEmpty: boolean; introShown?: boolean }): Promise<Asked | undefined> {
  try {
    return await askAll(given, missing, ctx);
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    p.cancel('Cancelled: nothing was written.');
    return undefined;
  }
}

async function askAll(given: Partial<StackAnswers>, missing: readonly Key[], ctx: { displayDir: string; nonEmpty: boolean; introShown?: boolean }): Promise<Asked | undefined> {
  if (!ctx.introShown) p.intro(`create-devops-stack ${VERSION}`);
  const ask = new Set(missing);
  const d = defaultAnswers(given);
  const cancelled = () => {
    p.cancel('Cancelled: nothing was written.');
    return undefined;
  };
  let mode: Asked['mode'];
  if (ctx.nonEmpty) {
    const m = await p.select({
      message: `${ctx.displayDir} is not empty. What now?`,
      options: [
        { value: 'merge', label: 'Merge', hint: 'add the stack, keep every existing file as it is' },
        { value: 'force', label: 'Overwrite', hint: 'replace existing files, with a backup' },
        { value: 'cancel', label: 'Cancel' },
      ],
    });
    if (p.isCancel(m) || m === 'cancel') return cancelled();
    mode = m as Asked['mode'];
  }
  const text = (key: Key, message: string, initial: string, parse: (s: string) => unknown = (s) => s) =>
    ask.has(key) ? () => p.text({ message, initialValue: initial, validate: (v) => fieldError(key, v ?? '', parse) }) : undefined;
  const select = <K extends keyof typeof LABELS>(key: K & Key, message: string, values: readonly string[], initial: string) =>
    ask.has(key) ? () => p.select({ message, options: options(key, values), initialValue: initial }) : undefined;

  const service = await askGroup(
    {
      name: text('name', 'Service name', d.name),
      runtime: select('runtime', 'Runtime of the app', RUNTIMES, d.runtime),
      repository: text('repository', 'GitHub repository (owner/name)', d.repository),
    },
  );
  const cloudStep = await askGroup(
    {
      cloud: select('cloud', 'Cloud', CLOUDS, d.cloud),
      orchestrator: ({ results }: { results: { cloud?: string } }) =>
        ask.has('orchestrator') && (results.cloud ?? d.cloud) === 'aws'
          ? p.select({ message: 'Orchestrator', options: options('orchestrator', ORCHESTRATORS), initialValue: d.orchestrator })
          : undefined,
      strategy: select('strategy', 'Deployment strategy', STRATEGIES, d.strategy),
      environments: text('environments', 'Environments, in promotion order (last is production)', d.environments.join(','), list),
      // Previews are namespaces in a cluster: asked only with Kubernetes; ECS says why there are none.
      previews: ask.has('previews')
        ? ({ results }: { results: { orchestrator?: string } }) => {
            if ((results.orchestrator ?? d.orchestrator) === 'kubernetes') return p.confirm({ message: 'Preview environment per pull request?', initialValue: given.previews ?? true });
            p.log.info('No PR preview environments on ECS: previews are namespaces in a Kubernetes cluster.');
            return undefined;
          }
        : undefined,
    },
  );
  const cloud = ((cloudStep as Partial<StackAnswers>).cloud ?? d.cloud) as StackAnswers['cloud'];
  const ops = await askGroup(
    {
      registry: ask.has('registry')
        ? () => p.select({ message: 'Container registry', options: options('registry', REGISTRIES.filter((r) => !['ecr', 'gar', 'acr'].includes(r) || r === DEFAULT_REGISTRY[cloud])), initialValue: DEFAULT_REGISTRY[cloud] })
        : undefined,
      region: text('region', 'Region', given.cloud === cloud && given.region ? given.region : DEFAULT_REGION[cloud]),
      monitoring: select('monitoring', 'Metrics and alerts', MONITORING, d.monitoring),
      logging: select('logging', 'Logs', LOGGING, d.logging),
      tracing: select('tracing', 'Tracing', TRACING, d.tracing),
      secrets: select('secrets', 'Secrets', SECRETS, d.secrets),
      codeowners: text('codeowners', 'Code owners (comma-separated)', d.codeowners.join(','), list),
      feature: text('feature', 'Feature name for the handoff files', d.feature),
      port: text('port', 'Port the app listens on', String(d.port), Number),
    },
  );

  const typed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...service, ...cloudStep, ...ops } as Record<string, unknown>)) {
    if (v === undefined) continue;
    typed[k] = k === 'environments' || k === 'codeowners' ? list(String(v)) : k === 'port' ? Number(v) : v;
  }
  const answers = mergeAnswers([given, typed as Partial<StackAnswers>]);
  let complete: StackAnswers;
  try {
    complete = checkAnswers(defaultAnswers(answers));
  } catch (e) {
    if (e instanceof AnswersError) p.log.error(e.message);
    throw e;
  }
  p.note(
    [
      `${complete.name} (${LABELS.runtime[complete.runtime]}) → ${complete.repository}`,
      `${LABELS.cloud[complete.cloud]} ${complete.region}, ${LABELS.orchestrator[complete.orchestrator]}, ${LABELS.strategy[complete.strategy]}`,
      `environments ${complete.environments.join(' → ')}${complete.previews ? ' + PR previews' : complete.orchestrator === 'ecs' ? ' (no PR previews on ECS)' : ''}`,
      `${LABELS.registry[complete.registry]}; ${LABELS.monitoring[complete.monitoring]}; logs ${complete.logging}; tracing ${complete.tracing}; secrets ${complete.secrets}`,
      `owners ${complete.codeowners.join(', ')}; handoff ${complete.feature}; port ${complete.port}`,
    ].join('\n'),
    `Stack for ${ctx.displayDir}`,
  );
  const ok = await p.confirm({ message: 'Write it?', initialValue: true });
  if (p.isCancel(ok) || !ok) return cancelled();
  return { answers, mode };
}

/** create-vite style: with no directory on the command line, ask for one. Undefined when cancelled. */
export async function askDirectory(initial: string): Promise<string | undefined> {
  p.intro(`create-devops-stack ${VERSION}`);
  const dir = await p.text({ message: 'Where should the stack go?', initialValue: initial, validate: (v) => (v && v.trim() ? undefined : 'a directory, or . for this one') });
  if (p.isCancel(dir)) {
    p.cancel('Cancelled: nothing was written.');
    return undefined;
  }
  return dir.trim();
}

export async function withSpinner<T>(message: string, work: () => T): Promise<T> {
  const s = p.spinner();
  s.start(message);
  try {
    const out = work();
    s.stop(`${message}: done`);
    return out;
  } catch (e) {
    s.error(`${message}: failed`);
    throw e;
  }
}

export function outro(steps: string): void {
  p.note(steps, 'Next steps');
  p.outro('Done.');
}
