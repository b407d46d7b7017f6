import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { JWT, scanShapes, skipFile } from '../../src/rules-kit/secrets.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'svc-deploy', role: 'admin', iat: 1718000000 })}.Qm9vdHN0cmFwU2lnbmF0dXJlVmFsdWUxMjM0NTY`;
const NONE = `${b64({ alg: 'none' })}.${b64({ sub: 'x', iat: 1 })}.AAAAAAAAAAAAAAAAAAAAAAAA`;

export default defineRule({
  meta: {
    id: 'secrets/jwt',
    title: 'No signed JSON Web Token is committed',
    description:
      'A committed JWT is a bearer credential: until it expires (often never, for service tokens) anyone holding it is whoever it names. Tokens copied into config or tests from a real environment are the usual source.',
    remediation: 'Revoke or rotate the signing key if the token is long-lived, remove it, and mint tokens at run time from credentials in the secret manager.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    textOnly: true, // shapes are found in the raw text: broken files are scanned too
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['gitleaks:jwt'],
    examples: {
      fail: [{ path: 'config/service.yaml', code: `auth:\n  bearer: ${TOKEN}\n` }],
      pass: [
        { path: 'config/service.yaml', code: 'auth:\n  bearer: ${SERVICE_TOKEN}\n' },
        { path: 'docs/auth.md', code: `# Unsigned tokens are refused\n\n\`${NONE}\`\n`, note: 'alg "none": not a credential' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path)) return;
    for (const hit of scanShapes(a.text, [JWT])) ctx.report({ message: `JSON Web Token committed: ${hit.masked}`, at: { offset: hit.offset, length: hit.length } });
  },
});
