// `create-devops-stack [dir] [flags]` and `create-devops-stack add <generator> <name> [dir]`:
// argv → answers (defaults < recorded answers < --config < flags < prompts) → plan → write.
// Exit codes as devops-audit: 0 done (or nothing to do), 1 refused (target not empty, or files
// the user changed would be overwritten; nothing written), 2 usage error, invalid answers,
// I/O or internal error. Errors are one line on stderr.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StackAnswers } from '../generate/answers.js';
import type { GeneratorOutcome } from '../generate/generators.js';
import { renderTree, summarize } from '../generate/report.js';
import { ANSWER_KEYS, answersFromFlags, completeAnswers, mergeAnswers, nameFromDir, readAnswersFile, type FlagValues } from '../generate/resolve-answers.js';
import { ANSWERS_PATH, MANIFEST_PATH } from '../generate/stack.js';
import { ConflictError, existingEntries, writeStack, type WriteOptions, type WriteResult } from '../generate/write.js';
import { VERSION } from '../version.js';

export class UsageError extends Error {}
/** The target holds something we will not write over; nothing was written. */
export class RefusedError extends Error {}

export const HELP = `Usage: create-devops-stack [dir] [options]
       create-devops-stack add <generator> <name> [dir]

Write a complete DevOps layout (workflows, Terraform, Kubernetes, Docker, monitoring, scripts,
runbooks, handoff files) into dir (default: the current directory). Asks when run in a terminal;
otherwise takes flags, --config and --yes.

Answers (defaults in brackets)
      --name <name>              service name, DNS label [from dir, else my-service]
      --runtime <r>              node | python | go | java | existing [node]
      --cloud <c>                aws | gcp | azure [aws]
      --orchestrator <o>         kubernetes | ecs (ECS Fargate, aws only) [kubernetes]
      --strategy <s>             rolling | blue-green | canary [canary]
      --environments <a,b,c>     promotion order, last is production [dev,staging,prod]
      --registry <r>             ghcr | ecr | gar | acr | dockerhub [the cloud's own]
      --monitoring <m>           prometheus | datadog [prometheus]
      --logging <l>              loki | efk | cloud [loki]
      --tracing <t>              otel-jaeger | none [otel-jaeger]
      --secrets <s>              vault | cloud [cloud]
      --previews, --no-previews  preview environment per pull request [on]
      --codeowners <a,b>         CODEOWNERS owners [@acme/platform]
      --feature <name>           handoff feature name [devops-foundation]
      --repository <owner/repo>  GitHub repository [acme/<name>]
      --region <region>          cloud region [us-east-1 | us-central1 | eastus]
      --port <n>                 port the app listens on [8080]
  -c, --config <file>            answers file (JSON or YAML, schemas/stack-answers.schema.json)
  -y, --yes                      use defaults for everything not given; never ask

Writing
      --dry-run                  print the tree and what would change; write nothing
      --merge                    write into a non-empty dir; keep files you changed
      --force                    overwrite files you changed (backup in .devops-stack/backup/)
      --no-git                   do not run git init (default: init when not inside a repository)

Generators (run inside a generated stack; answers from .devops-stack/answers.json)
  add environment <name>         add a stage to the promotion order, before production
  add runbook <name>             docs/runbooks/<name>.md
  add workflow <name>            restore a stack workflow, or add a new dispatchable one
  add handoff <feature>          .agency/handoff/<feature>/devops-automator/
  add service <name>             services/<name>/: app, Dockerfile, Kubernetes manifests

  -v, --version                  print the version
  -h, --help                     print this help

Exit codes: 0 written (or already up to date), 1 refused (non-empty dir or changed files;
nothing written), 2 usage error, invalid answers, I/O or internal error.
Docs: docs/generator.md`;

export interface CreateArgs {
  command: 'create' | 'add';
  generator?: string;
  generatorArgs: string[];
  dir?: string;
  flags: FlagValues;
  config?: string;
  yes: boolean;
  dryRun: boolean;
  merge: boolean;
  force: boolean;
  git: boolean;
  help: boolean;
  version: boolean;
}

const ANSWER_OPTIONS = Object.fromEntries(ANSWER_KEYS.filter((k) => k !== 'previews').map((k) => [k, { type: 'string' as const }]));

export function parseCreateArgs(argv: string[]): CreateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...ANSWER_OPTIONS,
        previews: { type: 'boolean' },
        'no-previews': { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        yes: { type: 'boolean', short: 'y' },
        'dry-run': { type: 'boolean' },
        merge: { type: 'boolean' },
        force: { type: 'boolean' },
        git: { type: 'boolean' },
        'no-git': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.previews && v['no-previews']) throw new UsageError('--previews and --no-previews contradict each other');
  if (v.force && v.merge) throw new UsageError('--force and --merge contradict each other: --merge keeps your changes, --force overwrites them');
  const flags: FlagValues = {};
  for (const k of ANSWER_KEYS) if (typeof v[k] === 'string') flags[k] = v[k] as string;
  if (v.previews || v['no-previews']) flags.previews = Boolean(v.previews);

  const pos = parsed.positionals;
  let command: CreateArgs['command'] = 'create';
  let generator: string | undefined;
  let generatorArgs: string[] = [];
  let dir: string | undefined;
  if (pos[0] === 'add') {
    command = 'add';
    generator = pos[1];
    if (!generator) throw new UsageError('add needs a generator: environment, runbook, workflow, handoff or service (see --help)');
    generatorArgs = pos.slice(2, 3);
    dir = pos[3];
    if (pos.length > 4) throw new UsageError(`unexpected argument "${pos[4]}"`);
  } else {
    if (pos.length > 1) throw new UsageError(`expected one target directory, got ${pos.length}: ${pos.join(' ')}`);
    dir = pos[0];
  }
  return {
    command,
    generator,
    generatorArgs,
    dir,
    flags,
    config: v.config as string | undefined,
    yes: Boolean(v.yes),
    dryRun: Boolean(v['dry-run']),
    merge: Boolean(v.merge),
    force: Boolean(v.force),
    git: !v['no-git'],
    help: Boolean(v.help),
    version: Boolean(v.version),
  };
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Both stdin and stdout are terminals and CI is unset: prompts are allowed. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

function insideGitRepo(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** `git init` when the target is not inside a repository and git exists; never fatal. */
function gitInit(target: string): 'initialized' | 'skipped' | 'no-git' | 'failed' {
  if (insideGitRepo(target)) return 'skipped';
  const r = spawnSync('git', ['init', '-q'], { cwd: target, stdio: 'ignore' });
  return r.error ? 'no-git' : r.status === 0 ? 'initialized' : 'failed';
}

function recordedAnswers(target: string): Partial<StackAnswers> {
  const file = join(target, ANSWERS_PATH);
  return existsSync(file) ? readAnswersFile(file, ANSWERS_PATH) : {};
}

/** Answer layers, lowest precedence first; the name guessed from the directory is the first when valid. */
function answerLayers(target: string, args: CreateArgs, io: Io): { layers: Array<Partial<StackAnswers>>; guessedName: boolean } {
  const layers: Array<Partial<StackAnswers>> = [];
  const dirName = nameFromDir(target);
  if (dirName) layers.push({ name: dirName });
  layers.push(recordedAnswers(target));
  if (args.config) layers.push(readAnswersFile(resolve(io.cwd, args.config), args.config));
  layers.push(answersFromFlags(args.flags));
  return { layers, guessedName: Boolean(dirName) };
}

function writeOptions(args: CreateArgs): WriteOptions {
  return { force: args.force, merge: args.merge, dryRun: args.dryRun };
}

/** Print what happened; returns the exit code (1 when a dry run found conflicts). */
function report(io: Io, args: CreateArgs, result: WriteResult, displayDir: string): number {
  if (args.dryRun) {
    io.stdout(renderTree(displayDir, result.changes));
    io.stdout(`${summarize(result.changes, true)} (dry run: nothing written)\n`);
    const conflicts = result.changes.filter((c) => c.action === 'conflict');
    if (conflicts.length) io.stderr(`create-devops-stack: refused: ${new ConflictError(conflicts).message}\n`);
    return conflicts.length ? 1 : 0;
  }
  const skipped = result.changes.filter((c) => c.action === 'skip');
  for (const s of skipped) io.stderr(`create-devops-stack: kept ${s.path} (${s.reason})\n`);
  if (result.backupDir) io.stdout(`backed up overwritten files to ${displayDir === '.' ? '' : `${displayDir}/`}${result.backupDir}/\n`);
  io.stdout(`${summarize(result.changes, false)}\n`);
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseCreateArgs(argv);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  return args.command === 'add' ? runAdd(args, io) : runCreate(args, io);
}

async function runCreate(args: CreateArgs, io: Io): Promise<number> {
  let introShown = false;
  if (args.dir === undefined && io.interactive && !args.yes) {
    const { askDirectory } = await import('../generate/prompts.js');
    const dir = await askDirectory('my-service');
    if (dir === undefined) return 1;
    args = { ...args, dir };
    introShown = true;
  }
  const target = resolve(io.cwd, args.dir ?? '.');
  const displayDir = relative(io.cwd, target) || '.';
  const entries = existingEntries(target);
  const generatedBefore = existsSync(join(target, MANIFEST_PATH));
  if (entries.length && !generatedBefore && !args.force && !args.merge && !args.dryRun && !io.interactive) {
    throw new RefusedError(`${displayDir} is not empty (${entries.length} entries); use --merge to add the stack and keep existing files, or --force to overwrite them with a backup`);
  }

  const { layers, guessedName } = answerLayers(target, args, io);
  let partial = mergeAnswers(layers);
  const given = new Set(Object.keys(mergeAnswers(layers.slice(guessedName ? 1 : 0))));
  const missing = ANSWER_KEYS.filter((k) => !given.has(k));
  const interactive = io.interactive && !args.yes;
  let mode: WriteOptions = writeOptions(args);
  if (interactive) {
    const { askAnswers } = await import('../generate/prompts.js');
    const asked = await askAnswers(partial, missing, { displayDir, introShown, nonEmpty: entries.length > 0 && !generatedBefore && !args.force && !args.merge });
    if (!asked) {
      return 1; // cancelled: nothing written
    }
    partial = asked.answers;
    if (asked.mode) mode = { ...mode, [asked.mode]: true };
  } else if (missing.length && !args.yes && !generatedBefore) {
    throw new UsageError(`no terminal to ask in, and no value for: ${missing.join(', ')}; pass --yes to use the defaults, or give them with flags or --config (see --help)`);
  }
  const answers = completeAnswers(partial);
  const { spec } = await import('../../generators/stack.js');
  const outcome = await spec.run({ answers, args: [] });
  return finish(args, io, target, displayDir, outcome, mode, interactive);
}

async function runAdd(args: CreateArgs, io: Io): Promise<number> {
  const target = resolve(io.cwd, args.dir ?? '.');
  const displayDir = relative(io.cwd, target) || '.';
  if (!existsSync(join(target, ANSWERS_PATH)) && !args.yes) {
    throw new UsageError(`${displayDir} has no ${ANSWERS_PATH}: run create-devops-stack there first, or pass --yes to use default answers`);
  }
  const answers = completeAnswers(mergeAnswers(answerLayers(target, args, io).layers));
  const { loadGenerator, runThroughPlop } = await import('../generate/generators.js');
  const mod = await loadGenerator(args.generator!);
  const outcome = await runThroughPlop(mod, { answers, args: args.generatorArgs });
  io.stdout(`${outcome.summary}\n`);
  return finish(args, io, target, displayDir, outcome, writeOptions(args), false);
}

async function finish(
  args: CreateArgs,
  io: Io,
  target: string,
  displayDir: string,
  outcome: GeneratorOutcome,
  mode: WriteOptions,
  interactive: boolean,
): Promise<number> {
  const opts: WriteOptions = { ...mode, dryRun: args.dryRun, only: outcome.only };
  if (existsSync(target) && !statSync(target).isDirectory()) throw new UsageError(`${displayDir} exists and is not a directory`);
  // Ctrl-C while writing waits for the (synchronous, sub-second) write to finish: every file and
  // the manifest end up consistent, and no temporary file is left behind.
  let interrupted = false;
  const hold = () => {
    interrupted = true;
  };
  process.on('SIGINT', hold);
  let result: WriteResult;
  try {
    if (interactive && !args.dryRun) {
      const { withSpinner } = await import('../generate/prompts.js');
      result = await withSpinner(`Writing ${displayDir}`, () => writeStack(target, outcome.stack, opts));
    } else {
      result = writeStack(target, outcome.stack, opts);
    }
    await new Promise((r) => setImmediate(r)); // let a pending signal arrive while we still hold it
  } finally {
    process.off('SIGINT', hold);
  }
  const code = report(io, args, result, displayDir);
  if (interrupted) {
    io.stderr('create-devops-stack: interrupted: the write above completed; stopping here\n');
    return 130;
  }
  if (!args.dryRun && args.command === 'create') {
    const git = args.git ? gitInit(target) : 'skipped';
    if (git === 'initialized') io.stdout(`initialized a git repository in ${displayDir}\n`);
    if (git === 'no-git') io.stderr('create-devops-stack: git is not installed: skipped git init\n');
    if (git === 'failed') io.stderr(`create-devops-stack: git init failed in ${displayDir}; the stack is written\n`);
    const steps = nextSteps(displayDir);
    if (interactive) {
      const { outro } = await import('../generate/prompts.js');
      outro(steps);
    } else io.stdout(`\nNext steps:\n${steps}\n`);
  }
  return code;
}

function nextSteps(displayDir: string): string {
  const cd = displayDir === '.' ? '' : `  cd ${displayDir}\n`;
  return `${cd}  npx devops-audit .          # zero findings expected\n  open ai-state/active/devops/tasks/   # what is left to do by hand (OIDC, state bucket, approvals)`;
}
