import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { PLATFORM_SHAPES, scanShapes, skipFile } from '../../src/rules-kit/secrets.js';

const GH = ['ghp', '_', 'R7kq2Lm9Xz4Tw8Vn3Bc6Yd1Pf5Hs0Jg2Ka7Q'].join('');
const SLACK = ['xoxb', '-2048392012-4820391284-', 'q8Lm2Zx7Rt4Wv9Nc3Bk6Yp1D'].join('');
const GL = ['glpat', '-', 'x7Rk2Lq9Zm4Tw8Vn3Bc6'].join('');

export default defineRule({
  meta: {
    id: 'secrets/platform-token',
    title: 'No platform token is committed (GitHub, GitLab, Slack, Stripe, npm, SendGrid, OpenAI…)',
    description:
      'Platform tokens have a recognisable shape, and so do the bots that scrape repositories for them. A committed GitHub or npm token lets anyone push code or publish packages as you; a Slack webhook lets anyone post to your incident channel.',
    remediation: 'Revoke the token at the provider, store the new one in the secret manager or CI secrets (`${{ secrets.NAME }}`), and read it from the environment.',
    checklistItem: 'security.secrets-management',
    severity: 'critical',
    textOnly: true, // shapes are found in the raw text: broken files are scanned too
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['gitleaks:github-pat', 'gitleaks:github-fine-grained-pat', 'gitleaks:gitlab-pat', 'gitleaks:slack-bot-token', 'gitleaks:slack-webhook-url', 'gitleaks:stripe-access-token', 'gitleaks:npm-access-token', 'gitleaks:sendgrid-api-token'],
    examples: {
      fail: [
        { path: '.github/workflows/release.yml', code: `on: push\njobs:\n  r:\n    runs-on: ubuntu-24.04\n    env:\n      GH_TOKEN: ${GH}\n    steps:\n      - run: gh release list\n` },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: `route:\n  receiver: slack\nreceivers:\n  - name: slack\n    slack_configs:\n      - channel: '#alerts'\n        http_config:\n          authorization:\n            credentials: ${SLACK}\n` },
        { path: '.npmrc', code: `//gitlab.example.com/api/v4/packages/npm/:_authToken=${GL}\n` },
      ],
      pass: [
        { path: '.github/workflows/release.yml', code: 'on: push\njobs:\n  r:\n    runs-on: ubuntu-24.04\n    env:\n      GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n    steps:\n      - run: gh release list\n' },
        { path: 'docs/tokens.md', code: '# Tokens\n\nA classic token looks like `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`.\n' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path)) return;
    for (const hit of scanShapes(a.text, PLATFORM_SHAPES)) ctx.report({ message: `${hit.kind} committed: ${hit.masked}`, at: { offset: hit.offset, length: hit.length } });
  },
});
