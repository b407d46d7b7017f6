import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/audit/config.js';

describe('config', () => {
  it('accepts a full config', () => {
    const c = parseConfig('preset: strict\nfailOn: medium\nrequire: [cicd.automated-tests, security]\nignore: [legacy/]\nbaseline: b.json\nrules:\n  docker/pin-base-image: low\n  docker/other: { severity: high, options: { a: 1 } }\n', 'c.yaml');
    expect(c.preset).toBe('strict');
    expect(c.rules['docker/pin-base-image']).toBe('low');
  });

  it('names the unknown key and its line', () => {
    expect(() => parseConfig('preset: strict\nfailon: high\n', '.devops-audit.yaml')).toThrow(/\.devops-audit\.yaml:2: "failon": unknown key/);
  });

  it('names a bad value', () => {
    expect(() => parseConfig('failOn: sometimes\n', 'x.yaml')).toThrow(ConfigError);
    expect(() => parseConfig('rules:\n  docker/pin-base-image: loud\n', 'x.yaml')).toThrow(/x\.yaml:2: "rules\.docker\/pin-base-image"/);
  });

  it('reports invalid YAML with its line', () => {
    expect(() => parseConfig('a: 1\nb: [\n', 'x.yaml')).toThrow(/x\.yaml:\d+: invalid YAML/);
  });
});
