import { defineRule } from '../../src/audit/load-rules.js';
import { isReferenceValue, isSecretName, parseImageRef } from '../../src/rules-kit/docker.js';
import { attrValue, isComputed, resources, where, type TfValue } from '../../src/rules-kit/terraform.js';

type Def = Record<string, TfValue>;

const TASK = (container: string) => `resource "aws_ecs_task_definition" "app" {\n  family                   = "app"\n  requires_compatibilities = ["FARGATE"]\n  container_definitions = jsonencode([\n    {\n${container}\n    },\n  ])\n}\n`;

export default defineRule({
  meta: {
    id: 'terraform/ecs-container-hardening',
    title: 'ECS containers run unprivileged, read-only, as non-root, from pinned images',
    description:
      'ECS task definitions carry the same container settings Kubernetes pod specs do: a privileged or root container, a writable root filesystem, a `latest` image or a password in `environment` weaken the task exactly as they would a pod.',
    remediation: 'In each container definition set `privileged = false`, `user = "10001:10001"`, `readonlyRootFilesystem = true`, pin `image` to a version or digest, and pass secrets through `secrets` (Secrets Manager / SSM ARNs), not `environment`.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_334', 'checkov:CKV_AWS_336'],
    examples: {
      fail: [
        { path: 'ecs.tf', code: TASK('      name       = "app"\n      image      = "ghcr.io/acme/api:latest"\n      privileged = true') },
        { path: 'ecs.tf', code: TASK('      name        = "app"\n      image       = "ghcr.io/acme/api:1.4.2"\n      user        = "root"\n      environment = [{ name = "DB_PASSWORD", value = "hunter2-prod" }]') },
      ],
      pass: [
        { path: 'ecs.tf', code: TASK('      name                   = "app"\n      image                  = "${var.image}:${var.image_tag}"\n      user                   = "10001:10001"\n      readonlyRootFilesystem = true\n      privileged             = false\n      secrets                = [{ name = "DB_PASSWORD", valueFrom = var.db_secret_arn }]') },
      ],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, 'aws_ecs_task_definition')) {
      let v = attrValue(t.block, 'container_definitions');
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v) as TfValue;
        } catch {
          continue;
        }
      }
      if (!Array.isArray(v)) continue;
      const at = where(t, 'container_definitions');
      for (const c of v) {
        if (!c || typeof c !== 'object' || Array.isArray(c) || isComputed(c)) continue;
        const d = c as Def;
        const name = typeof d.name === 'string' ? d.name : '?';
        if (d.privileged === true) ctx.report({ message: `container ${name} of ${t.address} is privileged: set privileged = false`, at });
        const user = typeof d.user === 'string' ? d.user.split(':')[0] : undefined;
        if (user === 'root' || user === '0') ctx.report({ message: `container ${name} of ${t.address} runs as ${d.user}: set user to a non-root UID`, at, checklistItem: 'containers.non-root' });
        else if (user) ctx.evidence(`ECS container ${name} runs as user ${d.user}`, { at }, 'containers.non-root');
        if (d.readonlyRootFilesystem === true) ctx.evidence(`ECS container ${name} has a read-only root filesystem`, { at }, 'infrastructure.immutable');
        else if (!isComputed(d.readonlyRootFilesystem)) ctx.report({ message: `container ${name} of ${t.address} has a writable root filesystem: set readonlyRootFilesystem = true`, at, checklistItem: 'infrastructure.immutable', severity: 'medium' });
        if (typeof d.image === 'string') {
          const ref = parseImageRef(d.image);
          if (ref && !ref.digest && (!ref.tag || ref.tag === 'latest')) ctx.report({ message: `container ${name} of ${t.address} uses ${d.image}: pin a version or digest`, at, checklistItem: 'containers.pinned-base-images' });
        }
        for (const e of Array.isArray(d.environment) ? d.environment : []) {
          const env = e as Def;
          if (env && typeof env.name === 'string' && isSecretName(env.name) && typeof env.value === 'string' && !isReferenceValue(env.value)) {
            ctx.report({ message: `container ${name} of ${t.address} sets ${env.name} in environment: pass it in secrets with valueFrom`, at, checklistItem: 'security.secrets-management' });
          }
        }
        if (Array.isArray(d.secrets) && d.secrets.length) ctx.evidence(`ECS container ${name} reads secrets from a secret store`, { at }, 'security.secrets-management');
        if (d.privileged === false || d.privileged === undefined) ctx.evidence(`ECS container ${name} is unprivileged`, { at });
      }
    }
  },
});
