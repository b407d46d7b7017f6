import { defineRule } from '../../src/audit/load-rules.js';

export default defineRule({
  meta: {
    id: 'repository/security-policy',
    title: 'SECURITY.md tells people how to report a vulnerability',
    description:
      'Without a published disclosure policy, whoever finds a vulnerability has to guess whom to tell — often a public issue. A `SECURITY.md` (root, `.github/` or `docs/`) gives a private channel and what to expect; GitHub links it from the repository\'s Security tab.',
    remediation: 'Add `SECURITY.md` with the supported versions, a private reporting channel (GitHub private vulnerability reporting or a security e-mail) and the response timeline.',
    checklistItem: 'security.compliance',
    severity: 'low',
    artifacts: ['security-policy'],
    scope: 'repository',
    equivalents: ['scorecard:Security-Policy'],
    examples: {
      fail: [
        { path: 'README.md', code: '# app\n' },
        { path: 'SECURITY.md', code: '\n', note: 'empty' },
      ],
      pass: [
        { path: 'SECURITY.md', code: '# Security policy\n\nReport vulnerabilities privately through GitHub private vulnerability reporting or security@example.com. We answer within 3 working days.\n' },
        { path: '.github/SECURITY.md', code: '# Reporting a vulnerability\n\nUse https://github.com/acme/app/security/advisories/new.\n' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.repo.ofKind('security-policy')[0];
    if (!a) {
      ctx.report({ file: '.', message: 'no SECURITY.md: add one with a private channel for vulnerability reports (GitHub private vulnerability reporting or a security e-mail)' });
      return;
    }
    if (a.text.trim().length < 40) {
      ctx.report({ file: a.path, at: { line: 1 }, message: `\`${a.path}\` is nearly empty: say how to report a vulnerability privately and what reporters can expect` });
      return;
    }
    ctx.evidence(`\`${a.path}\` publishes a vulnerability disclosure policy`, { file: a.path, at: { line: 1 } });
  },
});
