// End-to-end runs of create-devops-stack's main(), as the bin calls it, with no TTY.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { findConfig, loadConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { errorKind } from '../../src/cli/create-errors.js';
import { main, parseCreateArgs, UsageError } from '../../src/cli/create.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], cwd: string, interactive = false): Promise<Run> {
  let out = '';
  let err = '';
  try {
    const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, interactive, env: {} });
    return { code, out, err };
  } catch (e) {
    // What bin/create-devops-stack.ts prints: one line, and the exit code for the error kind.
    const { kind, code } = errorKind(e);
    return { code, out, err: `${err}create-devops-stack: ${kind}: ${(e as Error).message.split('\n')[0]}\n` };
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cds-cli-'));
const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const answersOf = (dir: string) => JSON.parse(read(dir, '.devops-stack/answers.json'));

function walk(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== '.git')
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

describe('create-devops-stack (no TTY)', () => {
  it('--help and --version exit 0', async () => {
    const cwd = tmp();
    expect((await cli(['--help'], cwd)).out).toMatch(/^Usage: create-devops-stack \[dir\]/);
    expect((await cli(['-v'], cwd)).out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--yes writes the default stack named after the directory, and files-changed.json lists exactly what is on disk', async () => {
    const cwd = tmp();
    const r = await cli(['my-service', '--yes', '--no-git'], cwd);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ created/);
    const dir = join(cwd, 'my-service');
    expect(answersOf(dir)).toMatchObject({ name: 'my-service', cloud: 'aws', strategy: 'canary' });
    const fc = JSON.parse(read(dir, '.agency/handoff/devops-foundation/devops-automator/files-changed.json'));
    expect([...fc.created, ...fc.modified].sort()).toEqual(walk(dir).sort());
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });

  it('a second run with the same answers changes nothing and says so', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const manifest = read(join(cwd, 'svc'), '.devops-stack/manifest.json');
    const r = await cli(['svc', '--no-git'], cwd); // recorded answers: no --yes needed
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^nothing to do: \d+ files already up to date$/m);
    expect(read(join(cwd, 'svc'), '.devops-stack/manifest.json')).toBe(manifest);
  });

  it('without --yes and without a TTY, fails listing what is missing', async () => {
    const cwd = tmp();
    const r = await cli(['svc'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^create-devops-stack: usage error: no terminal to ask in, and no value for: name, runtime, cloud, .*pass --yes/);
    expect(existsSync(join(cwd, 'svc'))).toBe(false);
  });

  it('flags and a --config file set answers; flags win', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'answers.yaml'), 'cloud: gcp\nstrategy: blue-green\nruntime: python\n');
    const partial = await cli(['svc', '--config', 'answers.yaml', '--no-git'], cwd);
    expect(partial.code).toBe(2);
    expect(partial.err).toMatch(/no value for: name, orchestrator, environments, registry, monitoring, .*pass --yes/);
    const r = await cli(['svc', '--yes', '--config', 'answers.yaml', '--strategy', 'rolling', '--no-previews', '--environments', 'staging,production', '--no-git'], cwd);
    expect(r.err).toBe('');
    expect(answersOf(join(cwd, 'svc'))).toMatchObject({ cloud: 'gcp', registry: 'gar', region: 'us-central1', strategy: 'rolling', runtime: 'python', previews: false, environments: ['staging', 'production'] });
  });

  it('ECS stacks have no PR previews: off by default, no preview workflow, and switching a stack to ECS turns them off', async () => {
    const cwd = tmp();
    expect((await cli(['ecs', '--yes', '--no-git', '--orchestrator', 'ecs'], cwd)).code).toBe(0);
    expect(answersOf(join(cwd, 'ecs'))).toMatchObject({ orchestrator: 'ecs', previews: false });
    expect(existsSync(join(cwd, 'ecs/.github/workflows/preview-deploy.yml'))).toBe(false);
    expect((await cli(['k8s', '--yes', '--no-git'], cwd)).code).toBe(0);
    expect(answersOf(join(cwd, 'k8s')).previews).toBe(true);
    const r = await cli(['k8s', '--yes', '--no-git', '--force', '--orchestrator', 'ecs'], cwd);
    expect(r.code, r.err).toBe(0);
    expect(answersOf(join(cwd, 'k8s'))).toMatchObject({ orchestrator: 'ecs', previews: false });
  });

  it('a complete --config file needs no --yes', async () => {
    const cwd = tmp();
    await cli(['alpha', '--yes', '--no-git'], cwd);
    const r = await cli(['beta', '--config', 'alpha/.devops-stack/answers.json', '--no-git'], cwd);
    expect(r.code).toBe(0);
    expect(answersOf(join(cwd, 'beta')).name).toBe('alpha');
  });

  it.each([
    [['svc', '--yes', '--cloud', 'ibm'], /^create-devops-stack: invalid answers: --cloud must be one of aws, gcp, azure \(got "ibm"\)\n$/],
    [['svc', '--yes', '--cloud', 'gcp', '--orchestrator', 'ecs'], /invalid answers: orchestrator ecs \(ECS Fargate\) needs cloud aws/],
    [['svc', '--yes', '--orchestrator', 'ecs', '--previews'], /invalid answers: previews need orchestrator kubernetes: .*\(--no-previews/],
    [['svc', '--yes', '--name', '../../etc'], /invalid answers: --name must match pattern .* \(got "\.\.\/\.\.\/etc"\)/],
    [['svc', '--yes', '--feature', '/abs'], /invalid answers: --feature must match/],
    [['svc', '--yes', '--name', 'x'.repeat(300)], /--name must NOT have more than 40 characters/],
    [['svc', '--yes', '--bogus'], /usage error: Unknown option '--bogus'/],
    [['a', 'b'], /usage error: expected one target directory, got 2/],
    [['svc', '--force', '--merge'], /usage error: --force and --merge contradict/],
    [['svc', '--yes', '--config', 'nope.yaml'], /invalid answers: answers file not found: nope\.yaml/],
  ])('rejects %j with exit 2 and one line', async (argv, re) => {
    const cwd = tmp();
    const r = await cli(argv as string[], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'svc'))).toBe(false);
  });

  it('--dry-run prints the tree and writes nothing', async () => {
    const cwd = tmp();
    const r = await cli(['svc', '--yes', '--dry-run'], cwd);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^svc\/\n/);
    expect(r.out).toMatch(/^\+ {5}ci\.yml$/m);
    expect(r.out).toMatch(/\d+ to create \(dry run: nothing written\)/);
    expect(existsSync(join(cwd, 'svc'))).toBe(false);
  });

  it('--dry-run shows conflicts and exits 1 without writing', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    writeFileSync(join(cwd, 'svc', 'README.md'), 'mine\n');
    const r = await cli(['svc', '--dry-run', '--strategy', 'rolling'], cwd);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^x README\.md$/m);
    expect(r.out).toMatch(/1 in conflict/);
    expect(r.err).toMatch(/refused: 1 file\(s\) would overwrite changes you made: README\.md/);
    expect(read(join(cwd, 'svc'), 'README.md')).toBe('mine\n');
    expect(answersOf(join(cwd, 'svc')).strategy).toBe('canary');
  });

  it('refuses a non-empty directory unless --merge or --force (exit 1, nothing written)', async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'README.md'), 'mine\n');
    const r = await cli(['svc', '--yes', '--no-git'], cwd);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^create-devops-stack: refused: svc is not empty \(1 entries\); use --merge/);
    expect(readdirSync(join(cwd, 'svc'))).toEqual(['README.md']);
  });

  it('--merge adds the stack around existing files and never touches them', async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'README.md'), 'mine\n');
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'keep\n');
    const r = await cli(['svc', '--yes', '--merge', '--no-git'], cwd);
    expect(r.code).toBe(0);
    expect(read(join(cwd, 'svc'), 'README.md')).toBe('mine\n');
    expect(read(join(cwd, 'svc'), 'notes.txt')).toBe('keep\n');
  });

  it('a file the user changed is a conflict on re-run; --merge keeps it, --force backs it up', async () => {
    const cwd = tmp();
    const dir = join(cwd, 'svc');
    await cli(['svc', '--yes', '--no-git'], cwd);
    const victim = '.github/workflows/ci.yml';
    writeFileSync(join(dir, victim), '# mine\n');
    const conflict = await cli(['svc', '--strategy', 'rolling', '--no-git'], cwd);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toMatch(/refused: \d+ file\(s\) would overwrite changes you made: .*ci\.yml/);
    expect(answersOf(dir).strategy).toBe('canary');

    const merged = await cli(['svc', '--strategy', 'rolling', '--merge', '--no-git'], cwd);
    expect(merged.code).toBe(0);
    expect(merged.err).toMatch(/kept \.github\/workflows\/ci\.yml \(changed since it was generated\)/);
    expect(read(dir, victim)).toBe('# mine\n');
    expect(answersOf(dir).strategy).toBe('rolling');

    const forced = await cli(['svc', '--force', '--no-git'], cwd);
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/backed up overwritten files to svc\/\.devops-stack\/backup\/[^/]+\//);
    const backup = forced.out.match(/(\.devops-stack\/backup\/[^/]+)\//)![1];
    expect(read(dir, `${backup}/${victim}`)).toBe('# mine\n');
    expect(read(dir, victim)).not.toBe('# mine\n');
  });

  it('never writes through a symlink that points outside the target', async () => {
    const cwd = tmp();
    const outside = tmp();
    mkdirSync(join(cwd, 'svc'));
    symlinkSync(outside, join(cwd, 'svc', '.github'));
    const r = await cli(['svc', '--yes', '--merge', '--no-git'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unsafe path: refusing to write \.github\/.*symlink pointing outside/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('runs git init when not inside a repository', async () => {
    const cwd = tmp();
    const r = await cli(['svc', '--yes'], cwd);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'svc', '.git'))).toBe(true);
  });
});

describe('create-devops-stack add', () => {
  it('add environment inserts before production and re-plans', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const r = await cli(['add', 'environment', 'qa', 'svc'], cwd);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/environments: dev → staging → qa → prod/);
    expect(answersOf(join(cwd, 'svc')).environments).toEqual(['dev', 'staging', 'qa', 'prod']);
    const again = await cli(['add', 'environment', 'qa', 'svc'], cwd);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/environment "qa" already exists/);
  });

  it('add runbook and add handoff write only their files', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const rb = await cli(['add', 'runbook', 'cache-flush', 'svc'], cwd);
    expect(rb.code).toBe(0);
    expect(read(join(cwd, 'svc'), 'docs/runbooks/cache-flush.md')).toMatch(/^# Runbook: Cache Flush/);
    const ho = await cli(['add', 'handoff', 'payments', 'svc'], cwd);
    expect(ho.code).toBe(0);
    expect(ho.out).toMatch(/3 created/);
    const fc = JSON.parse(read(join(cwd, 'svc'), '.agency/handoff/payments/devops-automator/files-changed.json'));
    expect(fc.created).toContain('.github/workflows/ci.yml');
    expect(answersOf(join(cwd, 'svc')).feature).toBe('devops-foundation');
    // What `add` writes is held to the audit like the stack (a runbook without prerequisites,
    // rollback or a command block used to fail docs/runbook-sections).
    const dir = join(cwd, 'svc');
    const { report } = await runAudit({ root: dir, config: loadConfig(findConfig(dir)!), rules: await loadRules() });
    expect(report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
  });

  it('add workflow restores a deleted stack workflow or adds a new one', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const fresh = await cli(['add', 'workflow', 'nightly-report', 'svc'], cwd);
    expect(fresh.code).toBe(0);
    expect(read(join(cwd, 'svc'), '.github/workflows/nightly-report.yml')).toMatch(/workflow_dispatch/);
  });

  it('add service writes a second deployable under services/<name>/', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const r = await cli(['add', 'service', 'billing', 'svc'], cwd);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(read(join(cwd, 'svc'), 'services/billing/infrastructure/docker/Dockerfile')).toMatch(/FROM /);
    expect(read(join(cwd, 'svc'), 'services/billing/infrastructure/kubernetes/base/kustomization.yaml')).toMatch(/billing/);
    expect((await cli(['add', 'service', 'billing', 'svc'], cwd)).out).toMatch(/nothing to do/);
  });

  it('add service adds the service to dependabot.yml and the answers; later runs keep it; devops-audit finds nothing', async () => {
    const cwd = tmp();
    const dir = join(cwd, 'svc');
    await cli(['svc', '--yes', '--no-git'], cwd);
    const r = await cli(['add', 'service', 'billing', 'svc'], cwd);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Dependabot: npm \/services\/billing, docker \/services\/billing\/infrastructure\/docker/);
    const updates = (parseYaml(read(dir, '.github/dependabot.yml')) as { updates: Array<Record<string, string>> }).updates;
    expect(updates.map((u) => `${u['package-ecosystem']} ${u.directory ?? ''}`)).toEqual(expect.arrayContaining(['npm /services/billing', 'docker /services/billing/infrastructure/docker']));
    expect(answersOf(dir).services).toEqual(['billing']);
    // A full run and another stage keep the entries (the answers record the service); the full run
    // only refreshes the handoff summary's line count.
    const withEntries = read(dir, '.github/dependabot.yml');
    const full = await cli(['svc', '--yes', '--no-git'], cwd);
    expect(full.out).toMatch(/^1 updated, \d+ unchanged/);
    expect(read(dir, '.github/dependabot.yml')).toBe(withEntries);
    expect((await cli(['svc', '--yes', '--no-git'], cwd)).out).toMatch(/nothing to do/);
    expect((await cli(['add', 'environment', 'qa', 'svc'], cwd)).code).toBe(0);
    expect(read(dir, '.github/dependabot.yml')).toContain('directory: /services/billing\n');
    const { report } = await runAudit({ root: dir, config: loadConfig(findConfig(dir)!), rules: await loadRules() });
    expect(report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
  });

  it('add service adds its entries to a dependabot.yml you edited, keeping your edits, and leaves it yours', async () => {
    const cwd = tmp();
    const dir = join(cwd, 'svc');
    await cli(['svc', '--yes', '--no-git'], cwd);
    const mine = read(dir, '.github/dependabot.yml')
      .replace('version: 2\n', 'version: 2\n# reviewed by the platform team\n')
      .replace('  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly', '  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: daily # on purpose');
    writeFileSync(join(dir, '.github/dependabot.yml'), mine);

    // --merge never touches a file you changed: it says what to add by hand.
    const kept = await cli(['add', 'service', 'billing', 'svc', '--merge'], cwd);
    expect(kept.code).toBe(0);
    expect(kept.err).toMatch(/kept \.github\/dependabot\.yml \(changed since it was generated; add by hand: npm \/services\/billing, docker \/services\/billing\/infrastructure\/docker/);
    expect(read(dir, '.github/dependabot.yml')).toBe(mine);

    const r = await cli(['add', 'service', 'billing', 'svc'], cwd);
    expect(r.code, r.err).toBe(0);
    const after = read(dir, '.github/dependabot.yml');
    expect(after.startsWith(mine)).toBe(true);
    expect(after.slice(mine.length)).toMatch(/^ {2}- package-ecosystem: npm\n {4}directory: \/services\/billing\n/);
    expect((await cli(['add', 'service', 'billing', 'svc'], cwd)).out).toMatch(/nothing to do/);
    // Still yours: a full run does not overwrite it silently.
    const full = await cli(['svc', '--yes', '--no-git'], cwd);
    expect(full.code).toBe(1);
    expect(full.err).toMatch(/would overwrite changes you made: \.github\/dependabot\.yml/);
  });

  it('rejects hostile generator names and unknown generators', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    for (const name of ['../x', '/etc', 'a b', 'Ünï']) {
      const r = await cli(['add', 'runbook', name, 'svc'], cwd);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/runbook name must be kebab-case/);
    }
    const r = await cli(['add', 'spaceship', 'x', 'svc'], cwd);
    expect(r.err).toMatch(/unknown generator "spaceship" \(expected one of /);
  });

  it('needs a generated stack (or --yes)', async () => {
    const cwd = tmp();
    const r = await cli(['add', 'runbook', 'x'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has no \.devops-stack\/answers\.json/);
  });
});

describe('parseCreateArgs', () => {
  it('parses add with a target dir', () => {
    expect(parseCreateArgs(['add', 'environment', 'qa', 'dir'])).toMatchObject({ command: 'add', generator: 'environment', generatorArgs: ['qa'], dir: 'dir' });
    expect(() => parseCreateArgs(['add'])).toThrow(UsageError);
  });
});

// node-plop imports the plopfile natively: the built one (npm test builds first).
const BUILT_PLOPFILE = join(import.meta.dirname, '..', '..', 'dist', 'generators', 'plopfile.js');
describe.skipIf(!existsSync(BUILT_PLOPFILE))('generators/plopfile (plop CLI)', () => {
  it('runs a generator through node-plop and writes with our writer', async () => {
    const cwd = tmp();
    await cli(['svc', '--yes', '--no-git'], cwd);
    const { default: nodePlop } = await import('node-plop');
    const plop = await nodePlop(BUILT_PLOPFILE, { destBasePath: join(cwd, 'svc'), force: false } as never);
    expect(plop.getGeneratorList().map((g) => g.name).sort()).toEqual(['environment', 'handoff', 'runbook', 'service', 'stack', 'workflow']);
    const { failures, changes } = await plop.getGenerator('runbook').runActions({ name: 'cache-flush' });
    expect(failures).toEqual([]);
    expect(changes[0].path).toMatch(/runbook docs\/runbooks\/cache-flush\.md: 1 created/);
    expect(read(join(cwd, 'svc'), 'docs/runbooks/cache-flush.md')).toMatch(/^# Runbook: Cache Flush/);
  });
});
