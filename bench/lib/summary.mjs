// One audit with the JSON report kept: what it found, so a fast audit that checked nothing shows.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AUDIT_BIN } from './paths.mjs';

export function auditSummary(dir, reportFile) {
  const r = spawnSync(process.execPath, [AUDIT_BIN, dir, '-f', `json:${reportFile}`, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`devops-audit ${dir} exited ${r.status}: ${r.stderr}`);
  const { summary } = JSON.parse(readFileSync(reportFile, 'utf8'));
  return { files: summary.files, findings: summary.findings, rulesRun: summary.rulesRun, internalErrors: summary.internalErrors, passed: summary.passed };
}
