// Where answers come from, lowest to highest precedence: defaults, the answers recorded by a
// previous run (.devops-stack/answers.json), an answers file (--config), flags, prompts.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { defaultAnswers, type StackAnswers } from './answers.js';
import { yaml } from './on-demand.js';
import { AnswersError, checkAnswers, checkPartialAnswers } from './validate.js';

/** Every answer, in the order prompts ask and docs list them. */
export const ANSWER_KEYS = [
  'name', 'runtime', 'cloud', 'orchestrator', 'strategy', 'environments', 'registry', 'monitoring', 'logging',
  'tracing', 'secrets', 'previews', 'codeowners', 'feature', 'repository', 'region', 'port',
] as const satisfies ReadonlyArray<keyof StackAnswers>;

/** Answers that follow the cloud unless given alongside it. */
const CLOUD_BOUND: Array<keyof StackAnswers> = ['registry', 'region'];

/** Answers that follow the orchestrator unless given alongside it: previews exist only on Kubernetes. */
const ORCHESTRATOR_BOUND: Array<keyof StackAnswers> = ['previews'];

/**
 * Merge partial answers, later layers winning; a layer that changes the cloud (or the
 * orchestrator) resets what depends on it, so it takes the new default.
 */
export function mergeAnswers(layers: Array<Partial<StackAnswers>>): Partial<StackAnswers> {
  const out: Partial<StackAnswers> = {};
  for (const layer of layers) {
    if (layer.cloud !== undefined && out.cloud !== undefined && layer.cloud !== out.cloud) {
      for (const k of CLOUD_BOUND) if (layer[k] === undefined && !(k === 'registry' && (out.registry === 'ghcr' || out.registry === 'dockerhub'))) delete out[k];
    }
    if (layer.orchestrator !== undefined && layer.orchestrator !== (out.orchestrator ?? 'kubernetes')) {
      for (const k of ORCHESTRATOR_BOUND) if (layer[k] === undefined) delete out[k];
    }
    Object.assign(out, Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined)));
  }
  return out;
}

/** Complete answers from a merged partial set: defaults fill the rest; the name drives the repository. */
export function completeAnswers(partial: Partial<StackAnswers>, source = ''): StackAnswers {
  return checkAnswers(defaultAnswers(partial), source);
}

/** A service name guessed from the target directory, when it is a valid one. */
export function nameFromDir(dir: string): string | undefined {
  const guess = basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(guess) && guess.length >= 2 ? guess : undefined;
}

/** Read and validate an answers file: JSON, or YAML (.yaml/.yml). */
export function readAnswersFile(path: string, display = path): Partial<StackAnswers> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AnswersError(code === 'ENOENT' ? `answers file not found: ${display}` : `cannot read answers file ${display}: ${code ?? (e as Error).message}`);
  }
  let value: unknown;
  const ext = extname(path).toLowerCase();
  try {
    value = ext === '.yaml' || ext === '.yml' ? yaml().parse(text, { maxAliasCount: 50 }) : JSON.parse(text);
  } catch (e) {
    throw new AnswersError(`${display} is not valid ${ext === '.json' || !ext ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkPartialAnswers(value, display);
}

export type FlagValues = Partial<Record<(typeof ANSWER_KEYS)[number], string | boolean>>;

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Flags (all strings) → typed partial answers, validated like a file. */
export function answersFromFlags(flags: FlagValues): Partial<StackAnswers> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined) continue;
    if (k === 'environments' || k === 'codeowners') out[k] = list(String(v));
    else if (k === 'port') out[k] = /^\d+$/.test(String(v)) ? Number(v) : v;
    else out[k] = v;
  }
  return checkPartialAnswers(out, 'flags');
}
