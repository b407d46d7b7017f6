import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { CLOUD_SHAPES, scanShapes, skipFile } from '../../src/rules-kit/secrets.js';

// Built at run time: the literal would trip scanners on this very file.
const AWS = ['AKIA', 'ZQ3M7T2LXW4R6N5B'].join('');
const GCP = ['AIza', 'SyB3k9Qm2Lw7Xv1Tz8Rn4Pq6Js5Hd0Fg-Ec'].join('');

export default defineRule({
  meta: {
    id: 'secrets/cloud-credential',
    title: 'No cloud access key is committed',
    description:
      'Cloud access keys (AWS access key ids, Google API keys, Azure storage account keys) are harvested from public and leaked repositories within minutes and used to run up bills or read data. A key in git history stays valid until someone rotates it.',
    remediation: 'Deactivate and rotate the key now; use workload identity (OIDC from CI, IAM roles, workload identity federation) instead of long-lived keys, and the secret manager for what must remain.',
    checklistItem: 'security.secrets-management',
    severity: 'critical',
    textOnly: true, // shapes are found in the raw text: broken files are scanned too
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['gitleaks:aws-access-token', 'gitleaks:gcp-api-key'],
    examples: {
      fail: [
        { path: 'scripts/deploy.sh', code: `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${AWS}\n` },
        { path: 'src/maps.js', code: `export const MAPS_KEY = '${GCP}';\n` },
      ],
      pass: [
        { path: 'docs/aws.md', code: '# AWS\n\nSet `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` for the local sandbox.\n', note: 'AWS documentation example key' },
        { path: 'scripts/deploy.sh', code: '#!/bin/sh\nexport AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:?}"\n' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path)) return;
    for (const hit of scanShapes(a.text, CLOUD_SHAPES)) ctx.report({ message: `${hit.kind} committed: ${hit.masked}`, at: { offset: hit.offset, length: hit.length } });
  },
});
