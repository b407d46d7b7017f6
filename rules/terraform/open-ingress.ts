import { defineRule } from '../../src/audit/load-rules.js';
import { attrValue, isComputed, nested, resources, where, type HclBlock, type TfValue } from '../../src/rules-kit/terraform.js';

const WORLD = new Set(['0.0.0.0/0', '::/0', '*', 'Internet', 'Any', 'any']);
const SENSITIVE = [22, 3389, 3306, 5432, 1433, 1521, 6379, 11211, 27017, 9200, 5601, 2375, 2376, 6443, 10250];

const list = (v: TfValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function exposed(from: number, to: number): string | undefined {
  if (from <= 0 && to >= 65535) return 'all ports';
  const hit = SENSITIVE.find((p) => from <= p && p <= to);
  return hit !== undefined ? `port ${hit}` : undefined;
}

function portsOf(b: HclBlock, fromKey: string, toKey: string, protoKey: string): [number, number] | undefined {
  const proto = attrValue(b, protoKey);
  if (proto === '-1' || proto === -1 || proto === 'all') return [0, 65535];
  const f = attrValue(b, fromKey);
  const t = attrValue(b, toKey);
  if (typeof f !== 'number' || typeof t !== 'number') return undefined;
  return [f, t];
}

function portRanges(spec: string[]): Array<[number, number]> {
  return spec.map((p) => {
    if (p === '*' ) return [0, 65535] as [number, number];
    const [a, b] = p.split('-').map(Number);
    return [a, Number.isFinite(b) ? b : a] as [number, number];
  });
}

export default defineRule({
  meta: {
    id: 'terraform/open-ingress',
    title: 'No admin or data ports open to the internet',
    description: 'A firewall rule that lets 0.0.0.0/0 reach SSH, RDP, a database or every port turns every internet scanner into a visitor: brute force and exploit attempts start within minutes.',
    remediation: 'Allow only the load balancer\'s ports (80/443) from the internet; reach instances through SSM Session Manager, IAP or a bastion with a narrow source CIDR; keep databases in private subnets reachable from the app\'s security group only.',
    checklistItem: 'security.network-security',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_24', 'checkov:CKV_AWS_25', 'checkov:CKV_AWS_277', 'checkov:CKV_GCP_2', 'checkov:CKV_GCP_3', 'checkov:CKV_AZURE_9', 'checkov:CKV_AZURE_10'],
    examples: {
      fail: [
        { path: 'sg.tf', code: 'resource "aws_security_group" "web" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n' },
        { path: 'sg.tf', code: 'resource "aws_vpc_security_group_ingress_rule" "all" {\n  security_group_id = aws_security_group.web.id\n  ip_protocol       = "-1"\n  cidr_ipv6         = "::/0"\n}\n' },
        { path: 'fw.tf', code: 'resource "google_compute_firewall" "ssh" {\n  network       = "default"\n  source_ranges = ["0.0.0.0/0"]\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n}\n' },
        { path: 'sg.tf', code: 'resource "aws_security_group" "db" {\n  dynamic "ingress" {\n    for_each = [5432]\n    content {\n      from_port   = 0\n      to_port     = 65535\n      protocol    = "tcp"\n      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n', note: 'dynamic block' },
      ],
      pass: [
        { path: 'sg.tf', code: 'resource "aws_security_group" "alb" {\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n', note: 'HTTPS to a load balancer; egress is not ingress' },
        { path: 'sg.tf', code: 'resource "aws_security_group_rule" "ssh" {\n  type        = "ingress"\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/8"]\n}\n' },
      ],
    },
  },
  check(ctx) {
    let rules = 0;
    const judge = (b: HclBlock, cidrs: string[], ports: [number, number] | undefined, what: string) => {
      rules++;
      const open = cidrs.find((c) => WORLD.has(c));
      if (!open || !ports) return;
      const hit = exposed(ports[0], ports[1]);
      if (hit) ctx.report({ message: `${what} allows ${open} to reach ${hit}: restrict the source to known CIDRs or a security group`, at: where(b, cidrs.length ? undefined : undefined) });
    };
    for (const t of resources(ctx.artifact, 'aws_security_group')) {
      for (const ing of nested(t.block, 'ingress')) {
        judge(ing, [...list(attrValue(ing, 'cidr_blocks')), ...list(attrValue(ing, 'ipv6_cidr_blocks'))], portsOf(ing, 'from_port', 'to_port', 'protocol'), `${t.address} ingress`);
      }
    }
    for (const t of resources(ctx.artifact, 'aws_security_group_rule')) {
      if (attrValue(t.block, 'type') !== 'ingress') continue;
      judge(t.block, [...list(attrValue(t.block, 'cidr_blocks')), ...list(attrValue(t.block, 'ipv6_cidr_blocks'))], portsOf(t.block, 'from_port', 'to_port', 'protocol'), t.address);
    }
    for (const t of resources(ctx.artifact, 'aws_vpc_security_group_ingress_rule')) {
      judge(t.block, [...list(attrValue(t.block, 'cidr_ipv4')), ...list(attrValue(t.block, 'cidr_ipv6'))], portsOf(t.block, 'from_port', 'to_port', 'ip_protocol'), t.address);
    }
    for (const t of resources(ctx.artifact, 'google_compute_firewall')) {
      const dir = attrValue(t.block, 'direction');
      if (dir !== undefined && dir !== 'INGRESS') continue;
      const cidrs = list(attrValue(t.block, 'source_ranges'));
      for (const allow of nested(t.block, 'allow')) {
        const proto = attrValue(allow, 'protocol');
        const ports = list(attrValue(allow, 'ports'));
        const ranges: Array<[number, number]> = proto === 'all' || ports.length === 0 ? [[0, 65535]] : portRanges(ports);
        for (const r of ranges) judge(t.block, cidrs, r, t.address);
      }
    }
    const azure = (b: HclBlock, what: string) => {
      if (attrValue(b, 'direction') !== 'Inbound' || attrValue(b, 'access') !== 'Allow') return;
      const src = [...list(attrValue(b, 'source_address_prefix')), ...list(attrValue(b, 'source_address_prefixes'))];
      const ports = [...list(attrValue(b, 'destination_port_range')), ...list(attrValue(b, 'destination_port_ranges'))];
      for (const r of portRanges(ports)) judge(b, src, r, what);
    };
    for (const t of resources(ctx.artifact, 'azurerm_network_security_rule')) azure(t.block, t.address);
    for (const t of resources(ctx.artifact, 'azurerm_network_security_group')) for (const r of nested(t.block, 'security_rule')) azure(r, t.address);
    if (rules) ctx.evidence('firewall rules declared in code', { at: { line: 1 } });
    void isComputed;
  },
});
