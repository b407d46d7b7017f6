import { defineRule } from '../../src/audit/load-rules.js';
import { CODEOWNERS_PATHS, parseCodeowners, validOwner } from '../../src/rules-kit/codeowners.js';

export default defineRule({
  meta: {
    id: 'repository/codeowners-syntax',
    title: 'CODEOWNERS lines are valid',
    description:
      'GitHub skips CODEOWNERS lines it cannot read — an owner without `@`, a team without its organisation, a `!` negation or `[a-z]` range — and the path silently loses its required reviewers. GitHub also reads only one CODEOWNERS file (`.github/`, then root, then `docs/`).',
    remediation:
      'Write each line as `<pattern> <owner>…` with owners `@user`, `@org/team` or an e-mail; do not use `!` or `[ ]` in patterns; keep a single CODEOWNERS file.',
    checklistItem: 'operations.ownership',
    severity: 'medium',
    artifacts: ['codeowners'],
    examples: {
      fail: [
        { path: '.github/CODEOWNERS', code: '/infrastructure/ platform-team\n', note: 'owner without `@`' },
        { path: '.github/CODEOWNERS', code: '* @acme/platform\n!/docs/ @acme/docs\n', note: 'negation is not supported' },
      ],
      pass: [
        { path: '.github/CODEOWNERS', code: '# Platform owns delivery\n*            @acme/app\n/.github/    @acme/platform ops@example.com\n/docs/\n', note: 'a pattern with no owner un-assigns; that is allowed' },
        { path: 'CODEOWNERS', code: '*.tf @acme/infra  # terraform\n' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    const rules = parseCodeowners(a);
    let bad = 0;
    for (const r of rules) {
      if (r.pattern.startsWith('!')) {
        ctx.report({ at: r.patternAt, message: `\`${r.pattern}\`: CODEOWNERS does not support \`!\` negation; the line is ignored — write the positive pattern with its owners (or none to un-assign)` });
        bad++;
      } else if (/\[.*\]/.test(r.pattern)) {
        ctx.report({ at: r.patternAt, message: `\`${r.pattern}\`: CODEOWNERS does not support \`[ ]\` character ranges; the line is ignored — list the paths instead` });
        bad++;
      }
      r.owners.forEach((o, i) => {
        if (!validOwner(o)) {
          ctx.report({ at: r.ownersAt[i], message: `\`${o}\` is not an owner GitHub understands: use \`@user\`, \`@org/team\` or an e-mail address` });
          bad++;
        }
      });
    }
    const first = CODEOWNERS_PATHS.find((p) => ctx.repo.exists(p));
    if (first && first !== a.path) ctx.report({ at: { line: 1 }, message: `GitHub reads only \`${first}\`; this CODEOWNERS file is ignored — merge it into \`${first}\`` });
    if (!bad && rules.length) ctx.evidence(`\`${a.path}\` has ${rules.length} valid ownership rule${rules.length > 1 ? 's' : ''}`, { at: { line: rules[0].line } });
  },
});
