import { defineRule } from '../../src/audit/load-rules.js';
import { blocks, resources, where } from '../../src/rules-kit/terraform.js';

const IMAGE_BASED = ['aws_launch_template', 'aws_ecs_task_definition', 'aws_eks_node_group', 'aws_lambda_function', 'google_compute_instance_template', 'google_container_node_pool', 'google_cloud_run_v2_service', 'azurerm_kubernetes_cluster', 'azurerm_container_app', 'azurerm_linux_virtual_machine_scale_set', 'aws_apprunner_service', 'aws_eks_cluster', 'google_container_cluster'];

export default defineRule({
  meta: {
    id: 'terraform/no-remote-exec',
    title: 'Servers are built from images, not configured in place',
    description: '`remote-exec` and `file` provisioners change servers after they boot: every server becomes a snowflake whose state depends on when and how often apply ran, and a failed provisioner leaves a half-configured machine.',
    remediation: 'Bake configuration into an image (Packer, a container image) referenced by a launch template or task definition, and replace instances to change them; use `user_data`/cloud-init only to start what the image contains.',
    checklistItem: 'infrastructure.immutable',
    severity: 'medium',
    artifacts: ['terraform'],
    examples: {
      fail: [{ path: 'vm.tf', code: 'resource "aws_instance" "web" {\n  ami = var.ami\n  provisioner "remote-exec" {\n    inline = ["sudo apt-get install -y nginx"]\n  }\n}\n' }],
      pass: [{ path: 'lt.tf', code: 'resource "aws_launch_template" "web" {\n  image_id      = var.ami\n  instance_type = "t3.micro"\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact)) {
      for (const p of blocks(t.block.node)) {
        if (p.type === 'provisioner' && (p.labels[0] === 'remote-exec' || p.labels[0] === 'file' || p.labels[0] === 'chef' || p.labels[0] === 'puppet')) {
          ctx.report({ message: `${t.address} is configured in place by a "${p.labels[0]}" provisioner: bake it into an image instead`, at: where(p) });
        }
      }
      if (IMAGE_BASED.includes(t.type)) ctx.evidence(`${t.address} runs versioned images`, { at: where(t) });
    }
  },
});
