// A rule's documentation page, generated from its metadata and examples (docs/rules/<id>.md,
// and `devops-audit --explain <id>`).
import type { Example, Rule } from './types.js';

const LANG: Array<[RegExp, string]> = [
  [/(^|\/)(Dockerfile|Containerfile)([.\w-]*)$|\.dockerfile$/i, 'dockerfile'],
  [/\.ya?ml$/, 'yaml'],
  [/\.json$/, 'json'],
  [/\.(tf|tfvars|hcl)$/, 'hcl'],
  [/\.(sh|bash)$/, 'sh'],
  [/\.md$/, 'markdown'],
  [/\.(ts|js|mjs)$/, 'ts'],
  [/\.py$/, 'python'],
];

function lang(path: string): string {
  return LANG.find(([re]) => re.test(path))?.[1] ?? '';
}

function example(ex: Example): string {
  const parts: string[] = [];
  if (ex.note) parts.push(`_${ex.note}_\n`);
  if (ex.options) parts.push(`With options \`${JSON.stringify(ex.options)}\`:\n`);
  for (const [p, c] of Object.entries(ex.files ?? {})) parts.push(`\`${p}\` (context):\n\n\`\`\`${lang(p)}\n${c.replace(/\n$/, '')}\n\`\`\`\n`);
  parts.push(`\`${ex.path}\`:\n\n\`\`\`${lang(ex.path)}\n${ex.code.replace(/\n$/, '')}\n\`\`\`\n`);
  return parts.join('\n');
}

export function ruleDoc(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# ${m.id}`,
    '',
    `**${m.title}**`,
    '',
    '| | |',
    '|---|---|',
    `| Severity | \`${m.severity}\` |`,
    `| Checklist item | \`${m.checklistItem}\` |`,
    `| Reads | ${m.artifacts.length ? m.artifacts.map((a) => `\`${a}\``).join(', ') : 'the engine reports it'} |`,
    `| Scope | ${m.scope === 'repository' ? 'repository (skipped in partial runs: pre-commit, --staged, file lists)' : 'file'} |`,
    `| Preset | ${m.strictOnly ? '`strict` only' : '`recommended` and `strict`'} |`,
    `| Fixable | ${m.fixable ? 'yes (`--fix`)' : 'no'} |`,
    `| Equivalents | ${m.equivalents?.length ? m.equivalents.map((e) => `\`${e}\``).join(', ') : 'none'} |`,
    '',
    '## Why',
    '',
    m.description,
    '',
    '## How to fix',
    '',
    m.remediation,
    '',
  ];
  if (m.defaultOptions && Object.keys(m.defaultOptions).length) {
    lines.push('## Options', '', '| option | default | meaning |', '|---|---|---|');
    for (const [k, v] of Object.entries(m.defaultOptions)) lines.push(`| \`${k}\` | \`${JSON.stringify(v)}\` | ${m.optionsDoc?.[k] ?? ''} |`);
    lines.push('', 'Set them in `.devops-audit.yaml`:', '', '```yaml', 'rules:', `  ${m.id}:`, '    options:', ...Object.entries(m.defaultOptions).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`), '```', '');
  }
  if (m.examples.fail.length) {
    lines.push('## Fails', '');
    for (const ex of m.examples.fail) lines.push(example(ex));
  }
  if (m.examples.pass.length) {
    lines.push('## Passes', '');
    for (const ex of m.examples.pass) lines.push(example(ex));
  }
  lines.push('## Suppress', '', 'With a reason, on the line or the line above:', '', '```', `# devops-audit-ignore ${m.id}: <why this is acceptable>`, '```', '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The docs/rules/index.md table. */
export function rulesIndex(rules: Rule[]): string {
  const lines = ['# Rules', '', `${rules.length} rules. Generated from rule metadata by \`npm run docs\`; do not edit by hand.`, '', '| rule | severity | checklist item | equivalents |', '|---|---|---|---|'];
  for (const r of rules) lines.push(`| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.severity} | \`${r.meta.checklistItem}\` | ${(r.meta.equivalents ?? []).join(', ')} |`);
  return `${lines.join('\n')}\n`;
}
