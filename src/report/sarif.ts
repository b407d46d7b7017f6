// SARIF 2.1.0 for GitHub code scanning. What GitHub rejects in peer tools, avoided here: lines
// start at 1, URIs are relative with uriBaseId %SRCROOT%, one run with one automation category,
// stable partialFingerprints, and `security-severity` so alerts get a severity.
// %SRCROOT% is the repository root (git top level, see ctx.sourceRoot), not the audited dir:
// code scanning resolves a URI against the repository, so `devops-audit services/api` must
// report `services/api/Dockerfile`. run.originalUriBaseIds says where %SRCROOT% was.
import { pathToFileURL } from 'node:url';
import { repoPath, type Reporter } from './index.js';
import type { Finding, Rule, Severity } from '../audit/types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub maps >9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function ruleName(id: string): string {
  return id.split(/[/-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function helpMarkdown(rule: Rule): string {
  const m = rule.meta;
  const eq = m.equivalents?.length ? `\n\nEquivalent checks: ${m.equivalents.map((e) => `\`${e}\``).join(', ')}.` : '';
  return `${m.description}\n\n**How to fix:** ${m.remediation}\n\nChecklist item: \`${m.checklistItem}\`.${eq}`;
}

export const SRCROOT = '%SRCROOT%';

/** The absolute file URI of a directory, with the trailing slash SARIF requires of a base. */
export function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Relative, forward slashes, percent-encoded per RFC 3986 (spaces, #, ? …) but keeping '/'. */
export function sarifUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export const render: Reporter = (report, ctx) => {
  const rules = new Map<string, Rule>();
  for (const r of ctx.rules) rules.set(r.meta.id, r);
  const ids = report.rules.map((r) => r.id);
  for (const f of report.findings) if (!ids.includes(f.ruleId)) ids.push(f.ruleId);
  const index = new Map(ids.map((id, i) => [id, i]));
  const summaries = new Map(report.rules.map((r) => [r.id, r]));

  const driverRules = ids.map((id) => {
    const rule = rules.get(id);
    const s = summaries.get(id);
    const severity = (s?.severity ?? rule?.meta.severity ?? 'medium') as Severity;
    const checklist = (s?.checklistItem ?? rule?.meta.checklistItem ?? '').split('.')[0];
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: s?.title ?? rule?.meta.title ?? id },
      fullDescription: { text: rule?.meta.description ?? s?.title ?? id },
      ...(rule ? { help: { text: `${rule.meta.description}\n\nHow to fix: ${rule.meta.remediation}`, markdown: helpMarkdown(rule) } } : {}),
      ...(s?.helpUri ? { helpUri: s.helpUri } : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: [...new Set(['devops', checklist, id.split('/')[0], ...(checklist === 'security' || id.startsWith('secrets/') ? ['security'] : [])].filter(Boolean))],
        precision: 'high',
        'security-severity': SECURITY_SEVERITY[severity],
        checklistItem: s?.checklistItem ?? rule?.meta.checklistItem,
      },
    };
  });

  const result = (f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: sarifUri(repoPath(f.file, ctx)), uriBaseId: SRCROOT },
          region: {
            startLine: Math.max(1, f.line),
            startColumn: Math.max(1, f.column),
            endLine: Math.max(f.line, f.endLine, 1),
            endColumn: Math.max(1, f.endLine > f.line ? f.endColumn : Math.max(f.endColumn, f.column)),
          },
        },
      },
    ],
    partialFingerprints: { 'devopsAudit/v1': f.fingerprint },
    properties: { severity: f.severity, checklistItem: f.checklistItem },
    ...(f.suppressed
      ? { suppressions: [{ kind: f.suppression?.kind === 'baseline' ? 'external' : 'inSource', justification: f.suppression?.reason ?? '' }] }
      : {}),
  });

  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'devops-audit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/create-devops-stack/create-devops-stack',
            rules: driverRules,
          },
        },
        automationDetails: { id: 'devops-audit/' },
        originalUriBaseIds: {
          [SRCROOT]: {
            ...(ctx.sourceRoot ? { uri: directoryUri(ctx.sourceRoot.dir) } : {}),
            description: { text: ctx.sourceRoot?.kind === 'git' ? 'The root of the git repository that holds the audited directory.' : ctx.sourceRoot?.kind === 'cwd' ? 'The working directory of the audit (the audited directory is not in a git repository).' : 'The audited directory.' },
          },
        },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map(result),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (report.summary.warnings ?? []).map((w) => ({ level: 'warning', message: { text: w } })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
