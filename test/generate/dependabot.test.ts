// Dependabot entries for `add service`: the template renders them for recorded services, and
// addEntries adds the missing ones to a dependabot.yml the user edited, as text, keeping every
// other byte; idempotent, glob-aware, and refusing (not guessing) on files it cannot read safely.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addEntries, entriesYaml, serviceEntries } from '../../src/generate/dependabot.js';
import { defaultAnswers } from '../../src/generate/answers.js';
import { prepareStack } from '../../src/generate/stack.js';

const USER = `# Our Dependabot setup — reviewed by @acme/platform
version: 2
updates:
  # the app
  - package-ecosystem: npm
    directory: "/"
    schedule: { interval: daily }   # daily on purpose
    reviewers: ["@acme/platform"]

  - package-ecosystem: docker
    directory: /infrastructure/docker
    schedule:
      interval: weekly
# trailing note kept at the end
`;

const ok = (r: ReturnType<typeof addEntries>) => {
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('addEntries', () => {
  it('appends the service entries after the last item, every other byte unchanged', () => {
    const r = ok(addEntries(USER, serviceEntries('billing', 'npm')));
    expect(r.added.map((e) => `${e['package-ecosystem']} ${e.directory}`)).toEqual(['npm /services/billing', 'docker /services/billing/infrastructure/docker']);
    const cut = USER.indexOf('# trailing note');
    expect(r.content.startsWith(USER.slice(0, cut))).toBe(true);
    expect(r.content.endsWith(USER.slice(cut))).toBe(true);
    const updates = (parse(r.content) as { updates: Array<Record<string, unknown>> }).updates;
    expect(updates.slice(0, 2)).toEqual((parse(USER) as { updates: unknown[] }).updates);
    expect(updates.slice(2)).toEqual(serviceEntries('billing', 'npm'));
  });

  it('is idempotent: a second run adds nothing and returns the text as it was', () => {
    const once = ok(addEntries(USER, serviceEntries('billing', 'npm'))).content;
    const twice = ok(addEntries(once, serviceEntries('billing', 'npm')));
    expect(twice.added).toEqual([]);
    expect(twice.content).toBe(once);
  });

  it('counts an existing entry, by directory or glob, as covering the service', () => {
    const globbed = USER.replace('directory: /infrastructure/docker', 'directories: ["/infrastructure/docker", "/services/*/infrastructure/docker"]');
    const r = ok(addEntries(globbed, serviceEntries('billing', 'npm')));
    expect(r.added.map((e) => e['package-ecosystem'])).toEqual(['npm']);
    const pip = 'version: 2\nupdates:\n  - package-ecosystem: uv\n    directory: /services/billing/\n    schedule: {interval: weekly}\n';
    expect(ok(addEntries(pip, serviceEntries('billing', 'pip'))).added.map((e) => e['package-ecosystem'])).toEqual(['docker']);
  });

  it('follows the file’s own list indentation', () => {
    const flush = 'version: 2\nupdates:\n- package-ecosystem: npm\n  directory: /\n  schedule:\n    interval: weekly\n';
    const r = ok(addEntries(flush, serviceEntries('api', undefined)));
    expect(r.content).toBe(`${flush}- package-ecosystem: docker\n  directory: /services/api/infrastructure/docker\n  schedule:\n    interval: weekly\n  commit-message:\n    prefix: "chore(deps)"\n`);
    const noFinalNewline = ok(addEntries(flush.trimEnd(), serviceEntries('api', undefined)));
    expect(parse(noFinalNewline.content).updates).toHaveLength(2);
  });

  it.each([
    ['version: 2\nupdates: [\n', /not valid YAML/],
    ['- a\n- b\n', /not a mapping/],
    ['version: 2\n', /no `updates` list/],
    ['version: 2\nupdates: []\n', /empty or written inline/],
    ['version: 2\nupdates: [{package-ecosystem: npm, directory: /}]\n', /empty or written inline/],
  ])('refuses what it cannot edit safely: %j', (text, re) => {
    const r = addEntries(text, serviceEntries('billing', 'npm'));
    expect('error' in r && r.error).toMatch(re);
  });
});

describe('the stack template', () => {
  it('renders recorded services exactly as addEntries adds them to the file a run without them wrote', async () => {
    const plain = (await prepareStack(defaultAnswers({ name: 'svc' }))).rendered.get('.github/dependabot.yml')!.content;
    const withServices = (await prepareStack(defaultAnswers({ name: 'svc', services: ['billing', 'payments'] }))).rendered.get('.github/dependabot.yml')!.content;
    const edited = ok(addEntries(ok(addEntries(plain, serviceEntries('billing', 'npm'))).content, serviceEntries('payments', 'npm'))).content;
    expect(edited).toBe(withServices);
    expect(withServices.endsWith(entriesYaml(serviceEntries('payments', 'npm')))).toBe(true);
  });

  it('renders nothing extra without services, and no package entry for runtime existing', async () => {
    const plain = (await prepareStack(defaultAnswers({ name: 'svc' }))).rendered.get('.github/dependabot.yml')!.content;
    expect(plain).not.toContain('/services/');
    const existing = (await prepareStack(defaultAnswers({ name: 'svc', runtime: 'existing', services: ['api'] }))).rendered.get('.github/dependabot.yml')!.content;
    expect((parse(existing) as { updates: Array<{ directory?: string }> }).updates.filter((u) => u.directory?.startsWith('/services/')).map((u) => u.directory)).toEqual(['/services/api/infrastructure/docker']);
  });
});
