import { defineRule } from '../../src/audit/load-rules.js';

const TEMPLATE = /\.(example|sample|template|tmpl|dist|defaults?|schema|test|ci)$|\.example\.|^example\.env$|^sample\.env$/i;

export default defineRule({
  meta: {
    id: 'repository/no-committed-env-files',
    title: 'No `.env` file with values is committed',
    description:
      '`.env` files hold the local configuration of a service — usually its credentials. Committed, they are readable by everyone with access to the repository and stay in its history forever. Only templates (`.env.example`) with empty or placeholder values belong in git.',
    remediation:
      'Remove the file from git (`git rm --cached .env`), add `.env*` (with `!.env.example`) to `.gitignore`, rotate any secret it held, and commit a `.env.example` with empty values instead.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['env-file'],
    examples: {
      fail: [
        { path: '.env', code: 'DATABASE_URL=postgres://app:hunter2@db:5432/app\nLOG_LEVEL=info\n' },
        { path: 'services/api/.env.production', code: '# prod\nexport STRIPE_KEY=sk_live_xxx\n' },
      ],
      pass: [
        { path: '.env.example', code: 'DATABASE_URL=\nLOG_LEVEL=info\n' },
        { path: '.env', code: '# fill in locally, never commit values\nDATABASE_URL=\nAPI_KEY=\n', note: 'only empty keys' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    const name = a.path.slice(a.path.lastIndexOf('/') + 1);
    if (TEMPLATE.test(name)) return;
    // Dotenv lines: `KEY=value`, optionally `export `; the first one with a value is reported.
    let offset = 0;
    for (const line of a.text.split('\n')) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (m && m[2] !== '' && m[2] !== '""' && m[2] !== "''") {
        const keyAt = line.indexOf(m[1]);
        ctx.report({ at: { offset: offset + keyAt, length: m[1].length }, message: `\`${a.path}\` is committed with values (first: \`${m[1]}\`): remove it from git, ignore it, rotate its secrets and commit a \`.env.example\` without values` });
        return;
      }
      offset += line.length + 1;
    }
  },
});
