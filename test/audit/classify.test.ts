// Path and content classification: files about Dockerfiles or Kubernetes are not Dockerfiles or
// manifests (found by auditing this repository itself: src/repo/parsers/dockerfile.ts was read as
// a Dockerfile, a JSON Schema of Kubernetes kinds as a manifest, and the hooks manifest
// .pre-commit-hooks.yaml as hooks this repository runs).
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/repo/classify.js';

const kinds = (path: string, content = '') => classify(path, () => content);

describe('classify', () => {
  it('Dockerfiles under any name, but not source, docs or data named after them', () => {
    for (const p of ['Dockerfile', 'api/Dockerfile.web', 'Dockerfile.prod', 'web.Dockerfile', 'Containerfile', 'Containerfile.dev']) expect(kinds(p), p).toEqual(['dockerfile']);
    expect(kinds('src/repo/parsers/dockerfile.ts')).toEqual(['source-js']);
    expect(kinds('test/dockerfile.test.js')).toEqual(['source-js']);
    expect(kinds('docs/Dockerfile.md')).toContain('markdown');
    expect(kinds('docs/Dockerfile.md')).not.toContain('dockerfile');
    expect(kinds('fixtures/Dockerfile.json', '{}')).toEqual(['json']);
  });

  it('.pre-commit-config.yaml is hooks a repository runs; .pre-commit-hooks.yaml, hooks it offers, is not', () => {
    expect(kinds('.pre-commit-config.yaml', 'repos: []\n')).toContain('pre-commit-config');
    expect(kinds('.pre-commit-hooks.yaml', '- id: x\n  entry: x\n')).not.toContain('pre-commit-config');
  });

  it('a JSON manifest is Kubernetes; a JSON Schema of Kubernetes objects is not', () => {
    expect(kinds('k8s/deploy.json', '{"apiVersion": "apps/v1", "kind": "Deployment"}')).toEqual(['json', 'kubernetes']);
    const schema = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"Deployment": {"properties": {"apiVersion": {"type": "string"}, "kind": {"const": "Deployment"}}}}}';
    expect(kinds('schemas/kubernetes.schema.json', schema)).toEqual(['json']);
  });
});
