import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnswers } from '../../src/generate/answers.js';
import { answersFromFlags, completeAnswers, mergeAnswers, nameFromDir, readAnswersFile } from '../../src/generate/resolve-answers.js';
import { AnswersError, checkAnswers, checkPartialAnswers } from '../../src/generate/validate.js';

const bad = (v: unknown, re: RegExp) => {
  expect(() => checkPartialAnswers(v, 'answers.yaml')).toThrow(AnswersError);
  expect(() => checkPartialAnswers(v, 'answers.yaml')).toThrow(re);
};

describe('answers validation', () => {
  it('accepts the defaults', () => {
    expect(checkAnswers(defaultAnswers())).toBeTruthy();
  });

  it('names the bad field and lists the allowed values', () => {
    bad({ cloud: 'ibm' }, /^answers\.yaml: cloud must be one of aws, gcp, azure \(got "ibm"\)$/);
    bad({ strategy: 'big-bang' }, /strategy must be one of rolling, blue-green, canary/);
    bad({ port: 80 }, /port must be >= 1024/);
    bad({ environments: ['dev', 'Prod'] }, /environments\[1\] must match pattern/);
    bad({ clouds: 'aws' }, /unknown answer "clouds"/);
  });

  it.each([
    ['../etc', 'name'],
    ['/abs', 'name'],
    ['~root', 'name'],
    ['a\0b', 'name'],
    ['x'.repeat(500), 'name'],
    ['mу-service', 'name'], // Cyrillic "у"
    ['../../x', 'feature'],
    ['a/b', 'feature'],
  ])('rejects hostile %j for %s, showing it escaped', (value, field) => {
    let message = '';
    try {
      checkPartialAnswers({ [field]: value });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${field} must`));
    expect(message).not.toMatch(/[\0\n]/);
    expect(message).toMatch(/^[\x20-\x7e]*$/);
  });

  it('rejects repository names with dot segments', () => {
    expect(() => checkPartialAnswers({ repository: 'acme/..' })).toThrow(/repository/);
    expect(() => checkPartialAnswers({ repository: 'acme/svc' })).not.toThrow();
  });

  it('cross-field: ECS only on AWS, cloud registries on their cloud', () => {
    expect(() => completeAnswers({ cloud: 'gcp', orchestrator: 'ecs' })).toThrow(/ecs \(ECS Fargate\) needs cloud aws/);
    expect(() => completeAnswers({ cloud: 'azure', registry: 'ecr' })).toThrow(/registry ecr belongs to aws/);
    expect(completeAnswers({ cloud: 'gcp', registry: 'ghcr' }).registry).toBe('ghcr');
    expect(completeAnswers({ cloud: 'azure' })).toMatchObject({ registry: 'acr', region: 'eastus' });
  });

  it('cross-field: PR previews only with Kubernetes; off by default on ECS', () => {
    expect(defaultAnswers().previews).toBe(true);
    expect(defaultAnswers({ orchestrator: 'ecs' }).previews).toBe(false);
    expect(completeAnswers({ orchestrator: 'ecs' })).toMatchObject({ orchestrator: 'ecs', previews: false });
    expect(() => completeAnswers({ orchestrator: 'ecs', previews: true })).toThrow(/^previews need orchestrator kubernetes: .*ECS stacks have no preview environment or preview-deploy\.yml; turn them off \(--no-previews/);
    expect(() => checkAnswers(defaultAnswers({ orchestrator: 'ecs', previews: true }), 'answers.yaml')).toThrow(/^answers\.yaml: previews need orchestrator kubernetes/);
  });
});

describe('answers from flags', () => {
  it('splits lists, converts the port, keeps booleans', () => {
    expect(answersFromFlags({ environments: 'dev, qa,prod', codeowners: '@a,@b/c', port: '3000', previews: false })).toEqual({
      environments: ['dev', 'qa', 'prod'],
      codeowners: ['@a', '@b/c'],
      port: 3000,
      previews: false,
    });
  });
  it('names the flag in errors', () => {
    expect(() => answersFromFlags({ cloud: 'ibm' })).toThrow(/^--cloud must be one of aws, gcp, azure \(got "ibm"\)$/);
    expect(() => answersFromFlags({ port: 'http' })).toThrow(/^--port must be integer/);
  });
});

describe('answers files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cds-answers-'));
  it('reads YAML and JSON', () => {
    writeFileSync(join(dir, 'a.yaml'), 'cloud: gcp\nstrategy: blue-green\nenvironments: [staging, production]\n');
    writeFileSync(join(dir, 'a.json'), '{"runtime": "go", "previews": false}');
    expect(readAnswersFile(join(dir, 'a.yaml'), 'a.yaml')).toEqual({ cloud: 'gcp', strategy: 'blue-green', environments: ['staging', 'production'] });
    expect(readAnswersFile(join(dir, 'a.json'), 'a.json')).toEqual({ runtime: 'go', previews: false });
  });
  it('errors name the file and the field', () => {
    writeFileSync(join(dir, 'b.yaml'), 'cloud: [aws\n');
    writeFileSync(join(dir, 'c.yaml'), '- just\n- a list\n');
    writeFileSync(join(dir, 'd.json'), '{"orchestrator": "ecs", "cloud": "azure"}');
    expect(() => readAnswersFile(join(dir, 'b.yaml'), 'b.yaml')).toThrow(/^b\.yaml is not valid YAML/);
    expect(() => readAnswersFile(join(dir, 'c.yaml'), 'c.yaml')).toThrow(/^c\.yaml: answers must be an object/);
    expect(() => readAnswersFile(join(dir, 'd.json'), 'd.json')).toThrow(/^d\.json: orchestrator ecs \(ECS Fargate\) needs cloud aws/);
    expect(() => readAnswersFile(join(dir, 'none.json'), 'none.json')).toThrow(/^answers file not found: none\.json$/);
  });
  it('refuses a YAML alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yaml'), `${levels.join('\n')}\n`);
    expect(() => readAnswersFile(join(dir, 'bomb.yaml'), 'bomb.yaml')).toThrow(/^bomb\.yaml is not valid YAML: .*alias/i);
  });
});

describe('merging layers', () => {
  it('later layers win; changing the cloud resets region and cloud-bound registry', () => {
    const m = mergeAnswers([{ cloud: 'aws', registry: 'ecr', region: 'eu-west-1' }, { cloud: 'gcp' }]);
    expect(m).toEqual({ cloud: 'gcp' });
    expect(mergeAnswers([{ cloud: 'aws', registry: 'ghcr' }, { cloud: 'gcp' }])).toEqual({ cloud: 'gcp', registry: 'ghcr' });
    expect(mergeAnswers([{ cloud: 'aws', region: 'x' }, { cloud: 'gcp', region: 'europe-west1' }]).region).toBe('europe-west1');
  });
  it('changing the orchestrator resets previews to the new default, unless given alongside', () => {
    expect(mergeAnswers([{ orchestrator: 'kubernetes', previews: true }, { orchestrator: 'ecs' }])).toEqual({ orchestrator: 'ecs' });
    expect(completeAnswers(mergeAnswers([{ orchestrator: 'kubernetes', previews: true }, { orchestrator: 'ecs' }])).previews).toBe(false);
    expect(mergeAnswers([{ previews: true }, { orchestrator: 'ecs' }])).toEqual({ orchestrator: 'ecs' });
    expect(mergeAnswers([{ orchestrator: 'ecs', previews: false }, { orchestrator: 'kubernetes' }])).toEqual({ orchestrator: 'kubernetes' });
    expect(mergeAnswers([{ orchestrator: 'kubernetes', previews: false }, { orchestrator: 'kubernetes' }])).toEqual({ orchestrator: 'kubernetes', previews: false });
    expect(mergeAnswers([{ orchestrator: 'kubernetes', previews: false }, { orchestrator: 'ecs', previews: true }])).toEqual({ orchestrator: 'ecs', previews: true });
  });
  it('guesses the name from the directory only when it is valid', () => {
    expect(nameFromDir('/tmp/My_Service')).toBe('my-service');
    expect(nameFromDir('/tmp/9lives')).toBeUndefined();
    expect(nameFromDir('/')).toBeUndefined();
  });
});
