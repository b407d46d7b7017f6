import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { PRIVATE_KEY, scanShapes, skipFile } from '../../src/rules-kit/secrets.js';

// Example key material is assembled at run time so no scanner mistakes this file for a leak.
const BEGIN = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
const END = ['-----END', 'RSA PRIVATE KEY-----'].join(' ');
const BODY = 'MIIEowIBAAKCAQEA' + 'q7BFUvZr2Lx9Tn4KbE8sW1yHc0aP3mQdJf6Ru5NiXo2gVtYzCw' + '\n';

export default defineRule({
  meta: {
    id: 'secrets/private-key',
    title: 'No private key is committed',
    description:
      'A private key in the repository is readable by everyone who can clone it, forever: history keeps it after the file is deleted. Whatever it signs or decrypts (TLS, SSH, JWT signing, GPG) must be treated as compromised.',
    remediation: 'Remove the key, rotate it (new key pair, revoke the old one), purge it from history, and load keys from the secret manager or a mounted secret at run time.',
    checklistItem: 'security.secrets-management',
    severity: 'critical',
    textOnly: true, // shapes are found in the raw text: broken files are scanned too
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['gitleaks:private-key', 'secretlint:@secretlint/secretlint-rule-privatekey'],
    examples: {
      fail: [
        { path: 'deploy/id_rsa.txt', code: `${BEGIN}\n${BODY}${END}\n` },
        { path: 'infrastructure/kubernetes/tls.yaml', code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\nstringData:\n  tls.key: |\n    ${BEGIN}\n    ${BODY}    ${END}\n` },
      ],
      pass: [
        { path: 'docs/runbooks/tls.md', code: `# Rotate TLS\n\n\`\`\`\n${BEGIN}\n...\n${END}\n\`\`\`\n`, note: 'an elided example' },
        { path: 'test/fixtures/key.pem', code: `${BEGIN}\n${BODY}${END}\n`, note: 'test fixtures are allow-listed' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path)) return;
    for (const hit of scanShapes(a.text, [PRIVATE_KEY])) {
      ctx.report({ message: `private key committed: ${hit.masked}`, at: { offset: hit.offset, length: Math.min(hit.length, 40) } });
    }
  },
});
