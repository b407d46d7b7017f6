// Engine-level rules: the engine reports these itself (parse errors, rule crashes, suppression
// hygiene). They have metadata and examples like any rule, so they get docs and can be configured.
import type { Rule } from './types.js';

const noop = () => {};

export const CORE = {
  parseError: {
    meta: {
      id: 'core/parse-error',
      title: 'File cannot be parsed',
      description: 'A file that its own tool cannot read is broken for that tool too: a workflow GitHub rejects, a manifest kubectl refuses. Nothing else can be checked in it until it parses.',
      remediation: 'Fix the syntax error at the reported position; run the format\'s own linter (yamllint, terraform fmt, hadolint) to confirm.',
      checklistItem: 'cicd.code-quality',
      severity: 'high',
      artifacts: [],
      equivalents: [],
      examples: {
        fail: [{ path: 'deploy/config.yaml', code: 'key: [unclosed\nother: 1\n' }],
        pass: [{ path: 'deploy/config.yaml', code: 'key: [closed]\nother: 1\n' }],
      },
    },
    check: noop,
  },
  internalError: {
    meta: {
      id: 'core/internal-error',
      title: 'A rule failed on this file',
      description: 'A rule threw while reading this file. The audit went on; this finding says the file was not fully checked by that rule.',
      remediation: 'Report the file shape to the devops-audit maintainers; suppress with a reason meanwhile.',
      checklistItem: 'core.engine',
      severity: 'info',
      artifacts: [],
      equivalents: [],
      examples: { fail: [], pass: [{ path: 'README.md', code: '# ok\n' }] },
    },
    check: noop,
  },
  suppressionReason: {
    meta: {
      id: 'core/suppression-without-reason',
      title: 'Suppression without a reason',
      description: 'An ignore comment with no reason hides a finding with no record of why; reviewers cannot tell a deliberate exception from a shortcut.',
      remediation: 'Write the reason after a colon: `# devops-audit-ignore <rule-id>: <why this is acceptable>`.',
      checklistItem: 'core.suppressions',
      severity: 'medium',
      artifacts: [],
      equivalents: [],
      examples: {
        fail: [{ path: 'scripts/x.sh', code: '#!/bin/sh\n# devops-audit-ignore shell/strict-mode\necho hi\n' }],
        pass: [{ path: 'scripts/x.sh', code: '#!/bin/sh\necho hi\n' }],
      },
    },
    check: noop,
  },
  unusedSuppression: {
    meta: {
      id: 'core/unused-suppression',
      title: 'Suppression that suppresses nothing',
      description: 'A stale ignore comment outlives the problem it excused and would silently hide the next one.',
      remediation: 'Delete the comment.',
      checklistItem: 'core.suppressions',
      severity: 'low',
      artifacts: [],
      equivalents: [],
      examples: {
        // Split, or this file's own audit would read the example as a directive that suppresses nothing.
        fail: [{ path: 'notes.yaml', code: '# devops-audit-' + 'ignore docker/no-latest-tag: legacy image\nkey: value\n' }],
        pass: [{ path: 'notes.yaml', code: 'key: value\n' }],
      },
    },
    check: noop,
  },
} satisfies Record<string, Rule>;
