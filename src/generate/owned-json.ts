// The JSON files the generator owns and the schema each must satisfy (tests validate every
// generated stack against these; the schemas ship in schemas/ for anyone reading the files).
export const OWNED_JSON: Array<{ pattern: RegExp; schema: string }> = [
  { pattern: /^\.devops-stack\/answers\.json$/, schema: 'stack-answers.schema.json' },
  { pattern: /^\.devops-stack\/manifest\.json$/, schema: 'devops-stack-manifest.schema.json' },
  { pattern: /^\.agency\/handoff\/[^/]+\/devops-automator\/files-changed\.json$/, schema: 'files-changed.schema.json' },
  { pattern: /^ai-state\/active\/devops\/pipelines\.json$/, schema: 'ai-state-pipelines.schema.json' },
  { pattern: /^ai-state\/active\/devops\/infrastructure\.json$/, schema: 'ai-state-infrastructure.schema.json' },
  { pattern: /^ai-state\/active\/devops\/monitoring\.json$/, schema: 'ai-state-monitoring.schema.json' },
  { pattern: /^ai-state\/active\/devops\/tasks\/[^/]+\.json$/, schema: 'ai-state-task.schema.json' },
];

export function schemaFor(path: string): string | undefined {
  return OWNED_JSON.find((o) => o.pattern.test(path))?.schema;
}
