import { defineRule } from '../../src/audit/load-rules.js';
import { dotenvPairs, isPlaceholder, mask } from '../../src/rules-kit/secrets.js';

/** Templates meant to be committed. */
const TEMPLATE = /\.(example|sample|template|dist|defaults?|tpl)$|^\.env\.(example|sample|template|dist)/i;

export default defineRule({
  meta: {
    id: 'secrets/env-file-committed',
    title: 'No real .env file is committed',
    description:
      '`.env` files hold the values of one environment, secrets included, and are meant to stay on the machine that uses them. Committed, they leak every credential at once and drift from what is actually deployed. Only a template (`.env.example`) with placeholders belongs in git.',
    remediation: 'Remove the file from git (`git rm --cached .env`), add `.env*` with `!.env.example` to .gitignore, rotate the values it held, and keep a `.env.example` with placeholders.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['env-file'],
    examples: {
      fail: [
        { path: '.env', code: 'NODE_ENV=production\nDATABASE_URL=postgres://db:5432/app\nSESSION_SECRET=q8Lm2Zx7Rt4Wv9Nc\n' },
        { path: 'config/.env.production', code: 'LOG_LEVEL=info\nAPI_URL=https://api.internal\n' },
      ],
      pass: [
        { path: '.env.example', code: 'NODE_ENV=development\nSESSION_SECRET=<generate: openssl rand -hex 32>\n' },
        { path: '.env', code: '# local overrides, intentionally empty\nSESSION_SECRET=\n', note: 'no values' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    const base = a.path.slice(a.path.lastIndexOf('/') + 1);
    if (TEMPLATE.test(base)) {
      ctx.evidence('environment template committed instead of a real .env', { at: { line: 1 } });
      return;
    }
    const filled = dotenvPairs(a.text).filter((p) => !isPlaceholder(p.value));
    if (!filled.length) return;
    const first = filled[0];
    ctx.report({
      message: `${base} with ${filled.length} value(s) is committed (first: ${first.name}=${mask(first.value)}); keep only a template like .env.example in git`,
      at: { offset: first.offset, length: first.length },
    });
  },
});
