// Generators (generators/*.ts): the whole stack and the smaller pieces a team adds later. Each
// is a plop generator whose one action is our custom `devops-plan` type: plop dispatches, our
// plan/write pipeline does the work, so dry-run, conflict checks, atomic writes and the
// manifest behave the same for every generator. node-plop (and inquirer with it, ~300 ms) is
// imported only for `add`; the default stack path calls the same spec directly.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importByPath } from '../bundled-modules.js';
import type { NodePlopAPI } from 'node-plop';
import type { StackAnswers } from './answers.js';
import { PARTS_DIR, type PreparedStack } from './stack.js';

export const GENERATORS_DIR = join(PARTS_DIR, '..');

export interface GeneratorInput {
  /** The stack's answers (recorded by a previous run, else defaults and flags). */
  answers: StackAnswers;
  /** Positional arguments after the generator name, e.g. `qa` in `add environment qa`. */
  args: string[];
}

export interface GeneratorOutcome {
  /** Answers to record in .devops-stack/answers.json (changed by `add environment`). */
  answers: StackAnswers;
  stack: PreparedStack;
  /** Write only these paths; derived files still see the whole plan. */
  only?: (path: string) => boolean;
  /** One line for the user: what this generator did. */
  summary: string;
}

export interface GeneratorSpec {
  name: string;
  description: string;
  /** e.g. `add environment <name>` */
  usage: string;
  /** Names of the positional arguments, also used as plop prompts. */
  args: string[];
  run(input: GeneratorInput): Promise<GeneratorOutcome>;
}

/** A generator module: its spec, and the plopfile function registering it. */
export interface GeneratorModule {
  spec: GeneratorSpec;
  default: (plop: NodePlopAPI) => void;
}

export const PLAN_ACTION = 'devops-plan';

/** Register a spec as a plop generator whose single action is our plan action. */
export function registerGenerator(plop: NodePlopAPI, spec: GeneratorSpec): void {
  plop.setGenerator(spec.name, {
    description: spec.description,
    prompts: spec.args.map((name) => ({ type: 'input', name, message: name })),
    actions: [{ type: PLAN_ACTION, generator: spec.name } as never],
  });
}

export class GeneratorError extends Error {}

export async function loadGenerator(name: string): Promise<GeneratorModule> {
  const names = listGenerators();
  if (!names.includes(name)) throw new GeneratorError(`unknown generator "${name}" (expected one of ${names.join(', ')})`);
  const file = readdirSync(GENERATORS_DIR).find((f) => f === `${name}.js` || f === `${name}.ts`)!;
  return importByPath<GeneratorModule>(join(GENERATORS_DIR, file));
}

export function listGenerators(): string[] {
  return [...new Set(readdirSync(GENERATORS_DIR).filter((f) => /^[a-z-]+\.(js|ts)$/.test(f) && !/\.d\.ts$/.test(f) && f !== 'plopfile.js' && f !== 'plopfile.ts').map((f) => f.replace(/\.(js|ts)$/, '')))].sort();
}

/**
 * Run a generator through node-plop: register it, register our action type, run its actions
 * with the input as plop's answers. The action returns our outcome through the closure.
 */
export async function runThroughPlop(mod: GeneratorModule, input: GeneratorInput): Promise<GeneratorOutcome> {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop(undefined, { force: false, destBasePath: process.cwd() } as never);
  let outcome: GeneratorOutcome | undefined;
  let failure: unknown;
  plop.setActionType(PLAN_ACTION, async () => {
    try {
      outcome = await mod.spec.run(input);
      return outcome.summary;
    } catch (e) {
      failure = e;
      throw e;
    }
  });
  mod.default(plop);
  const plopAnswers = Object.fromEntries(mod.spec.args.map((a, i) => [a, input.args[i]]));
  const { failures } = await plop.getGenerator(mod.spec.name).runActions(plopAnswers);
  if (failure) throw failure;
  if (failures.length || !outcome) throw new GeneratorError(`${mod.spec.name}: ${failures[0]?.error ?? 'no plan produced'}`);
  return outcome;
}
