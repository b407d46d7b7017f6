// Answers from any source (flags, an answers file, prompts, .devops-stack/answers.json) are
// checked against schemas/stack-answers.schema.json, then against the rules a schema states
// poorly (which registry fits which cloud). Messages name the field and show the bad value safely.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { builtValidator, loadSchema, PACKAGE_ROOT } from '../schemas.js';
import type { StackAnswers } from './answers.js';
import { printable } from './paths.js';

export const ANSWERS_SCHEMA = 'stack-answers.schema.json';
export const schemaText = (name: string) => readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8');

/** Precompiled at build (src/schemas.ts builtValidator), so a run skips compiling the schema (~40 ms). */
const validateAnswers = (): ValidateFunction => builtValidator(ANSWERS_SCHEMA);

export class AnswersError extends Error {}

interface FieldSchema {
  description?: string;
  enum?: unknown[];
  pattern?: string;
  items?: FieldSchema;
}

function fieldSchema(field: string): FieldSchema | undefined {
  const schema = loadSchema('stack-answers.schema.json') as { properties: Record<string, FieldSchema> };
  return schema.properties[field];
}

function describe(err: ErrorObject, source: string, value: unknown): string {
  const path = err.instancePath.split('/').slice(1);
  const field = path[0];
  const flags = source === 'flags';
  const where = source && !flags ? `${source}: ` : '';
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return `${where}unknown answer ${printable(extra)} (see docs/generator.md for the list)`;
  }
  if (!field) return `${where}${err.message ?? 'invalid answers'}`;
  const label = flags ? `--${field}` : path.join('.').replace(/\.(\d+)/g, '[$1]');
  const bad = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
  const fs = fieldSchema(field);
  const item = /^\d+$/.test(path[1] ?? '') ? fs?.items : fs;
  if (err.keyword === 'enum' && item?.enum) return `${where}${label} must be one of ${item.enum.join(', ')} (got ${printable(bad)})`;
  // The `not` patterns refuse words a YAML reader turns into a boolean, null, number or date.
  if (err.keyword === 'not' && field !== 'repository') return `${where}${label} cannot be ${printable(bad)}: YAML would read it as a boolean, null, number or date, not text; choose another`;
  if (err.keyword === 'const' && err.instancePath === '/cloud') return `${where}orchestrator ecs (ECS Fargate) needs cloud aws (got cloud ${printable(bad)})`;
  const rule = item?.description ?? fs?.description ?? '';
  return `${where}${label} ${err.message ?? 'is invalid'} (got ${printable(bad)})${rule ? `: ${rule}` : ''}`;
}

/** Validate a partial set of answers (any subset of fields). Returns it typed, or throws AnswersError. */
export function checkPartialAnswers(value: unknown, source = ''): Partial<StackAnswers> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AnswersError(`${source ? `${source}: ` : ''}answers must be an object of field: value`);
  const validate = validateAnswers();
  if (!validate(value)) throw new AnswersError(describe(validate.errors![0], source, value));
  const { $schema: _ignored, ...rest } = value as Record<string, unknown>;
  return rest as Partial<StackAnswers>;
}

/** PR previews are a namespace per pull request in the first environment's cluster. */
export const PREVIEWS_NEED_KUBERNETES =
  'previews need orchestrator kubernetes: a preview is a namespace per pull request in the cluster, and ECS stacks have no preview environment or preview-deploy.yml; turn them off (--no-previews, or previews: false)';

const CLOUD_REGISTRY: Partial<Record<StackAnswers['registry'], StackAnswers['cloud']>> = { ecr: 'aws', gar: 'gcp', acr: 'azure' };

/** Rules across fields, on the complete answers. */
export function checkAnswers(a: StackAnswers, source = ''): StackAnswers {
  checkPartialAnswers(a, source);
  const where = source ? `${source}: ` : '';
  if (a.orchestrator === 'ecs' && a.cloud !== 'aws') throw new AnswersError(`${where}orchestrator ecs (ECS Fargate) needs cloud aws (got cloud ${a.cloud})`);
  if (a.orchestrator === 'ecs' && a.previews) throw new AnswersError(`${where}${PREVIEWS_NEED_KUBERNETES}`);
  const registryCloud = CLOUD_REGISTRY[a.registry];
  if (registryCloud && registryCloud !== a.cloud) throw new AnswersError(`${where}registry ${a.registry} belongs to ${registryCloud}, not ${a.cloud} (use ghcr, dockerhub or the cloud's own registry)`);
  if (a.environments.includes('preview')) throw new AnswersError(`${where}environments: "preview" is reserved for pull-request previews`);
  return a;
}
