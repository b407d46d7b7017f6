import { defineRule } from '../../src/audit/load-rules.js';
import { attrValue, dataSources, isComputed, nested, resources, where, type TfValue } from '../../src/rules-kit/terraform.js';

const OIDC = /token\.actions\.githubusercontent\.com|gitlab\.com|app\.terraform\.io|oidc\.eks\.[^"]*amazonaws\.com/;
const asList = (v: TfValue | undefined): TfValue[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export default defineRule({
  meta: {
    id: 'terraform/oidc-trust-condition',
    title: 'OIDC role trust is limited to specific subjects',
    description: 'A role trusting GitHub\'s (or GitLab\'s, or a cluster\'s) OIDC provider without a condition on the token subject can be assumed by any repository or service account of that provider: anyone on GitHub could deploy to your account.',
    remediation: 'Add a condition on `<provider>:sub` (e.g. `StringLike token.actions.githubusercontent.com:sub = "repo:acme/api:environment:production"`) and on `:aud`.',
    checklistItem: 'security.access-control',
    severity: 'critical',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_358'],
    examples: {
      fail: [{ path: 'iam.tf', code: 'data "aws_iam_policy_document" "gha" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n    principals {\n      type        = "Federated"\n      identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "token.actions.githubusercontent.com:aud"\n      values   = ["sts.amazonaws.com"]\n    }\n  }\n}\n' }],
      pass: [{ path: 'iam.tf', code: 'data "aws_iam_policy_document" "gha" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n    principals {\n      type        = "Federated"\n      identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n    condition {\n      test     = "StringLike"\n      variable = "token.actions.githubusercontent.com:sub"\n      values   = ["repo:acme/api:environment:production"]\n    }\n  }\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of dataSources(ctx.artifact, 'aws_iam_policy_document')) {
      for (const st of nested(t.block, 'statement')) {
        const actions = asList(attrValue(st, 'actions'));
        if (!actions.includes('sts:AssumeRoleWithWebIdentity')) continue;
        const conds = nested(st, 'condition').map((c) => attrValue(c, 'variable'));
        if (conds.some((v) => typeof v === 'string' && /:sub$/.test(v)) || conds.some(isComputed)) {
          ctx.evidence(`${t.address} limits OIDC trust to specific subjects`, { at: where(st) });
          continue;
        }
        ctx.report({ message: `${t.address} lets any subject of the OIDC provider assume the role: add a condition on "<provider>:sub"`, at: where(st, 'actions') });
      }
    }
    for (const t of resources(ctx.artifact, 'aws_iam_role')) {
      const v = attrValue(t.block, 'assume_role_policy');
      const doc = typeof v === 'string' ? tryJson(v) : v;
      if (!doc || typeof doc !== 'object' || isComputed(doc) || Array.isArray(doc)) continue;
      for (const st of asList((doc as Record<string, TfValue>).Statement)) {
        const s = st as Record<string, TfValue>;
        if (!s || !asList(s.Action).includes('sts:AssumeRoleWithWebIdentity')) continue;
        const principal = JSON.stringify(s.Principal ?? '');
        if (!OIDC.test(principal) && !principal.includes('Federated')) continue;
        const cond = JSON.stringify(s.Condition ?? {});
        if (/:sub"/.test(cond)) ctx.evidence(`${t.address} limits OIDC trust to specific subjects`, { at: where(t, 'assume_role_policy') });
        else ctx.report({ message: `${t.address} lets any subject of the OIDC provider assume it: add a Condition on "<provider>:sub"`, at: where(t, 'assume_role_policy') });
      }
    }
  },
});

function tryJson(s: string): TfValue | undefined {
  try {
    return JSON.parse(s) as TfValue;
  } catch {
    return undefined;
  }
}
