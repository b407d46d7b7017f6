import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrValue, isComputed, nestedPath, references, resolve, where, type TfBlock } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/autoscaling',
    title: 'Compute scales between a minimum and a maximum',
    description: 'An autoscaling group or node pool with min = max (or an ECS service with a fixed count) cannot absorb a traffic spike or shrink at night; capacity is either short or wasted.',
    remediation: 'Give ASGs and node groups `min_size < max_size` (node pools an `autoscaling` block), and ECS services an `aws_appautoscaling_target` with a target-tracking policy.',
    checklistItem: 'infrastructure.autoscaling',
    severity: 'medium',
    artifacts: ['terraform'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'asg.tf', code: 'resource "aws_autoscaling_group" "web" {\n  min_size = 2\n  max_size = 2\n}\n' },
        { path: 'ecs.tf', code: 'resource "aws_ecs_service" "api" {\n  name          = "api"\n  desired_count = 2\n}\n' },
      ],
      pass: [
        { path: 'eks.tf', code: 'resource "aws_eks_node_group" "main" {\n  scaling_config {\n    min_size     = var.min\n    max_size     = 10\n    desired_size = 2\n  }\n}\nvariable "min" {\n  default = 2\n}\n' },
        { path: 'ecs.tf', code: 'resource "aws_ecs_service" "api" {\n  name = "api"\n}\nresource "aws_appautoscaling_target" "api" {\n  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"\n  min_capacity       = 2\n  max_capacity       = 10\n  scalable_dimension = "ecs:service:DesiredCount"\n  service_namespace  = "ecs"\n}\n' },
      ],
    },
  },
  check(ctx) {
    const judge = (t: TfBlock, minV: unknown, maxV: unknown, at: ReturnType<typeof where>, what: string) => {
      const min = resolve(ctx.repo, t.artifact.path, minV as never);
      const max = resolve(ctx.repo, t.artifact.path, maxV as never);
      if (typeof min === 'number' && typeof max === 'number' && !(max > min)) {
        ctx.report({ file: t.artifact.path, message: `${what} has min ${min} and max ${max}, so it cannot scale: raise the maximum`, at });
      } else if (min !== undefined || max !== undefined || isComputed(min) || isComputed(max)) {
        ctx.evidence(`${what} autoscales`, { file: t.artifact.path, at });
      }
    };
    for (const t of allResources(ctx.repo, 'aws_autoscaling_group')) judge(t, attrValue(t.block, 'min_size'), attrValue(t.block, 'max_size'), where(t, 'max_size'), t.address);
    for (const t of allResources(ctx.repo, 'aws_eks_node_group')) {
      const sc = nestedPath(t.block, 'scaling_config');
      if (sc) judge(t, attrValue(sc, 'min_size'), attrValue(sc, 'max_size'), where(sc, 'max_size'), t.address);
    }
    for (const t of allResources(ctx.repo, 'aws_appautoscaling_target')) judge(t, attrValue(t.block, 'min_capacity'), attrValue(t.block, 'max_capacity'), where(t, 'max_capacity'), t.address);
    for (const t of allResources(ctx.repo, 'google_container_node_pool')) {
      const as = nestedPath(t.block, 'autoscaling');
      if (as) judge(t, attrValue(as, 'min_node_count') ?? attrValue(as, 'total_min_node_count'), attrValue(as, 'max_node_count') ?? attrValue(as, 'total_max_node_count'), where(as), t.address);
      else ctx.report({ file: t.artifact.path, message: `${t.address} has a fixed size: add an autoscaling block`, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'google_container_cluster')) {
      if (attrValue(t.block, 'enable_autopilot') === true) ctx.evidence(`${t.address} is an Autopilot cluster (scales automatically)`, { file: t.artifact.path, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'azurerm_kubernetes_cluster')) {
      const pool = nestedPath(t.block, 'default_node_pool');
      if (!pool) continue;
      const on = attrValue(pool, 'auto_scaling_enabled') ?? attrValue(pool, 'enable_auto_scaling');
      if (on === true || isComputed(on)) judge(t, attrValue(pool, 'min_count'), attrValue(pool, 'max_count'), where(pool), t.address);
      else ctx.report({ file: t.artifact.path, message: `${t.address} default node pool has a fixed size: set auto_scaling_enabled = true with min_count and max_count`, at: where(pool) });
    }
    const targets = allResources(ctx.repo, 'aws_appautoscaling_target');
    for (const t of allResources(ctx.repo, 'aws_ecs_service')) {
      if (targets.some((x) => references(x.block, t.address) || (x.block.node.text.includes(t.address)))) continue;
      ctx.report({ file: t.artifact.path, message: `${t.address} runs a fixed number of tasks: add an aws_appautoscaling_target and a target-tracking policy`, at: where(t) });
    }
  },
});
