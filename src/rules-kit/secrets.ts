// Secret detection: well-known credential shapes (a regular expression describes a token's shape,
// the way gitleaks and secretlint do) and secret-named assignments read from each file's parsed
// form (YAML/JSON pairs, HCL attributes, dotenv lines), judged by entropy. A secret's value never
// leaves this module unmasked: findings carry `masked` only.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { attributes, allBlocks, stringValue, type HclNode } from '../repo/parsers/hcl.js';
import type { Artifact } from '../repo/repository.js';

export interface SecretHit {
  /** Offset and length of the secret value in the file. */
  offset: number;
  length: number;
  /** What it is ("GitHub personal access token"). */
  kind: string;
  /** A masked form safe to print. */
  masked: string;
}

/** Mask a secret: keep a public type prefix (`ghp_`, `AKIA`) when there is one, never the body. */
export function mask(value: string, prefix = 0): string {
  const keep = Math.min(prefix, Math.floor(value.length / 3));
  return `${value.slice(0, keep)}${'*'.repeat(Math.min(8, Math.max(4, value.length - keep)))} (${value.length} chars)`;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Values that are obviously not real secrets: references, templates, examples, fillers. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (/^\$\{?[\w.:-]+\}?$|\$\{\{?|\{\{|\$\(|^<[^>]*>$|^%\(?\w+\)?s?$|^\[[^\]]*\]$|^@?\w*\(.*\)$/.test(v)) return true;
  if (/(example|sample|dummy|fake|placeholder|changeme|change[-_]me|replace[-_]?me|your[-_ ]|redacted|not[-_]?a[-_]?(real|secret)|insert|todo|xxxx|\*\*\*|\.\.\.|0000000|1234567|abcdef|notsecret|secret-?here|test[-_]?(key|token|secret|password))/i.test(v)) return true;
  if (/^(password|secret|token|passw0rd|admin|root|none|null|nil|undefined|true|false|test|testing|dev|development|local|guest|default)$/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // aaaaaaa, xxxxxxx
  if (/^ENC\[.*\]$/.test(v)) return true; // Datadog secret backend handle, SOPS-encrypted value
  if (/^(secrets|vault|env|ssm|arn|ref\+|projects\/[^/]+\/secrets|azurekeyvault|sm):/i.test(v) || /^arn:aws:(secretsmanager|ssm|kms):/.test(v)) return true;
  if (/^(\/|\.\/|~\/|[A-Za-z]:\\)/.test(v) || /\.(pem|key|json|txt|crt|p12)$/.test(v)) return true; // a path to a secret file
  if (/\s/.test(v) && v.split(/\s+/).length > 2) return true; // prose
  return false;
}

/** Files never scanned: lockfiles (integrity hashes), minified bundles, source maps, fixtures. */
export function skipFile(path: string): boolean {
  return (
    /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.sum|poetry\.lock|Pipfile\.lock|Cargo\.lock|composer\.lock|Gemfile\.lock|\.terraform\.lock\.hcl)$/.test(path) ||
    /\.(min\.js|map|svg|lock)$/.test(path) ||
    /(^|\/)(fixtures?|__fixtures__|testdata|__snapshots__)\//.test(path)
  );
}

export function isTestFile(path: string): boolean {
  return /(^|\/)(test|tests|__tests__|spec)\/|\.(test|spec)\.[a-z]+$|_test\.(go|py)$|(^|\/)test_[^/]+\.py$/.test(path);
}

/** True when the offset sits inside a long base64 run (an inlined image, a certificate bundle). */
function insideBlob(text: string, offset: number, length: number): boolean {
  let s = offset;
  while (s > 0 && /[A-Za-z0-9+/=]/.test(text[s - 1])) s--;
  let e = offset + length;
  while (e < text.length && /[A-Za-z0-9+/=]/.test(text[e])) e++;
  return e - s > 200 || /base64,$/.test(text.slice(Math.max(0, s - 7), s));
}

export interface TokenShape {
  kind: string;
  re: RegExp;
  /** Length of the public prefix that may be shown. */
  prefix: number;
  /** Extra check on the match. */
  valid?: (m: string) => boolean;
}

export const CLOUD_SHAPES: TokenShape[] = [
  { kind: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g, prefix: 4 },
  { kind: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, prefix: 4 },
  { kind: 'Azure storage account key', re: /AccountKey=[A-Za-z0-9+/]{86}==/g, prefix: 11 },
];

export const PLATFORM_SHAPES: TokenShape[] = [
  { kind: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g, prefix: 4 },
  { kind: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/g, prefix: 11 },
  { kind: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, prefix: 6 },
  { kind: 'Slack token', re: /\bxox[baprs]-[0-9A-Za-z-]{10,72}\b/g, prefix: 5 },
  { kind: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}/g, prefix: 34 },
  { kind: 'Stripe live key', re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,99}\b/g, prefix: 8 },
  { kind: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, prefix: 4 },
  { kind: 'SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, prefix: 3 },
  { kind: 'OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/g, prefix: 3 },
  { kind: 'Anthropic API key', re: /\bsk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,}\b/g, prefix: 7 },
  { kind: 'PyPI token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}\b/g, prefix: 5 },
  { kind: 'Datadog API key in a DD_API_KEY assignment', re: /(?<=\bDD_API_KEY["']?\s*[=:]\s*["']?)[a-f0-9]{32}\b/g, prefix: 0 },
];

export const PRIVATE_KEY: TokenShape = {
  kind: 'private key',
  re: /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----[\s\S]{0,64}?(?=[A-Za-z0-9+/=]{40})/g,
  prefix: 0,
};

export const JWT: TokenShape = {
  kind: 'JSON Web Token',
  re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
  prefix: 0,
  valid: (m) => {
    try {
      const header = JSON.parse(Buffer.from(m.split('.')[0], 'base64url').toString('utf8')) as { alg?: string };
      return typeof header.alg === 'string' && header.alg.toLowerCase() !== 'none';
    } catch {
      return false;
    }
  },
};

/** Connection strings and URLs with an inline password: `scheme://user:password@host`. */
export const CONNECTION: TokenShape = {
  kind: 'password in a connection string',
  re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|https?|ftp|smtp|ldap):\/\/[^\s:@/'"`]+:([^\s@/'"`]+)@[^\s/'"`]+/gi,
  prefix: 0,
};

/** Find token shapes in a file's text; placeholders and base64 blobs excluded. */
export function scanShapes(text: string, shapes: TokenShape[]): SecretHit[] {
  const out: SecretHit[] = [];
  for (const s of shapes) {
    s.re.lastIndex = 0;
    for (const m of text.matchAll(s.re)) {
      const offset = m.index ?? 0;
      let value = m[0];
      let at = offset;
      if (s === CONNECTION) {
        // Report the password only; `app:app@localhost` and other local dev defaults are not secrets.
        value = m[1];
        at = offset + m[0].indexOf(`:${m[1]}@`) + 1;
        const user = /\/\/([^:]+):/.exec(m[0])?.[1];
        const host = m[0].slice(m[0].lastIndexOf('@') + 1).replace(/[:/].*$/, '');
        if (value === user || value.length < 6 || (/^(localhost|127\.0\.0\.1|\[::1\])$/i.test(host) && entropy(value) < 3)) continue;
      }
      if (s === PRIVATE_KEY) {
        const body = text.slice(offset + m[0].length, offset + m[0].length + 80);
        if (isPlaceholder(body.split('\n')[0] ?? '')) continue;
      } else if (isPlaceholder(value) || insideBlob(text, offset, m[0].length)) continue;
      if (s.valid && !s.valid(value)) continue;
      if (/EXAMPLE|example/.test(m[0])) continue; // AKIAIOSFODNN7EXAMPLE and friends
      out.push({ offset: at, length: value.length, kind: s.kind, masked: s === PRIVATE_KEY ? '-----BEGIN … PRIVATE KEY----- (key material)' : mask(value, s.prefix) });
    }
  }
  return out;
}

// ---- secret-named assignments ----

/** Names that hold secrets. The last path segment of the key is judged. */
const SECRET_NAME = /(^|[_.-])(password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?|dsn|connection[_-]?string)$|^(password|secret|token|apikey)$/i;
/** Names that only refer to a secret held elsewhere. */
const REFERENCE_NAME = /(_file|_path|_ref|_name|_id|_arn|_url|_uri|_env|_var|_key_id|Ref|Name|File|Path|_length|_ttl|_expiry|_rotation|_policy)$|^(secretName|secretRef|secretKeyRef|existingSecret|secretProviderClass|tokenRequests?|tokenUrl|token_endpoint)$/;

export function isSecretName(name: string): boolean {
  const last = name.split(/[./]/).pop() ?? name;
  return SECRET_NAME.test(last) && !REFERENCE_NAME.test(last);
}

/** A value that looks like a real credential: long enough, varied enough, not a placeholder. */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || v.length > 400 || isPlaceholder(v)) return false;
  if (/^\d+$/.test(v) || /^[a-z]+([-_][a-z]+)*$/.test(v)) return false; // numbers, plain words or slugs
  if (/^https?:\/\/[^:@\s]+$/.test(v)) return false; // an URL without credentials
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return entropy(v) >= 3 && classes >= 2;
}

export interface Assignment {
  name: string;
  value: string;
  offset: number;
  length: number;
}

/** Key/value pairs of every YAML (or JSON-as-YAML) document, with the value's position. */
export function yamlPairs(docs: Array<{ contents: unknown }>, out: Assignment[]): void {
  const walk = (n: unknown, depth: number) => {
    if (depth > 50) return;
    if (isMap(n)) {
      for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        const v = p.value as Node | null;
        if (isScalar(v) && typeof v.value === 'string' && v.range) {
          // Kubernetes env entries: {name: DB_PASSWORD, value: "..."}
          out.push({ name: k, value: v.value, offset: v.range[0] + (v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE' ? 1 : 0), length: v.value.length });
          if (k === 'value') {
            const nameNode = n.get('name', true);
            if (isScalar(nameNode) && typeof nameNode.value === 'string') out.push({ name: nameNode.value, value: v.value, offset: v.range[0] + (v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE' ? 1 : 0), length: v.value.length });
          }
        } else walk(v, depth + 1);
      }
    } else if (isSeq(n)) for (const i of n.items) walk(i, depth + 1);
  };
  for (const d of docs) walk(d.contents, 0);
}

/** Assignments in dotenv syntax: `KEY=value`, `export KEY="value"`. */
export function dotenvPairs(text: string): Assignment[] {
  const out: Assignment[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*=\s*)(["']?)(.*?)\4\s*(?:\s#.*)?\r?$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) {
      const start = offset + m[1].length + m[2].length + m[3].length + m[4].length;
      out.push({ name: m[2], value: m[5], offset: start, length: m[5].length });
    }
    offset += line.length + 1;
  }
  return out;
}

/** `name = "value"` attributes of an HCL file. */
function hclPairs(root: HclNode, out: Assignment[]): void {
  const visit = (n: HclNode) => {
    for (const a of attributes(n)) {
      const v = stringValue(a.value);
      if (v !== undefined) out.push({ name: a.name, value: v, offset: a.value.startIndex + 1, length: v.length });
    }
  };
  visit(root);
  for (const b of allBlocks(root)) visit(b.node);
}

/**
 * Secret-like assignments in code and other text: `name = "value"`, `name: 'value'`. A lexical
 * scan of one assignment at a time (weaker than the parsed forms, used where no parser applies).
 */
function textPairs(text: string, out: Assignment[]): void {
  const re = /([A-Za-z_][\w.-]*)["']?\s*(?::=|=>|[:=])\s*(["'`])([^"'`\n]{8,400})\2/g;
  for (const m of text.matchAll(re)) {
    const valueStart = (m.index ?? 0) + m[0].length - m[3].length - 1;
    out.push({ name: m[1], value: m[3], offset: valueStart, length: m[3].length });
  }
}

/** Every assignment of a file, from its parsed form when there is one. */
export function assignments(a: Artifact): Assignment[] {
  const out: Assignment[] = [];
  if (a.is('env-file')) return dotenvPairs(a.text);
  if (a.is('yaml') && !a.yaml.errors.length) yamlPairs(a.yaml.docs, out);
  else if (a.is('json') && !a.json.errors.length) yamlPairs(a.json.yaml.docs, out);
  else if (a.is('hcl')) {
    try {
      if (!a.hcl.errors.length) hclPairs(a.hcl.root, out);
    } catch {
      /* parser unavailable: nothing */
    }
  } else textPairs(a.text, out);
  return out;
}

/**
 * A value that says where something named like its key is defined, not a credential: a JSON
 * pointer (`"v1/Secret": "#/$defs/Secret"`) or a path ending in the key's own name
 * (`'v1/Secret': 'kubernetes-models/v1/Secret'`), as in a table of kinds.
 */
function isReferenceTo(name: string, value: string): boolean {
  if (value.startsWith('#/')) return true;
  const last = (name.split(/[./]/).pop() ?? name).toLowerCase();
  return value.includes('/') && value.slice(value.lastIndexOf('/') + 1).toLowerCase() === last;
}

/** Secret-named assignments holding a value that looks real. */
export function secretAssignments(a: Artifact): SecretHit[] {
  const out: SecretHit[] = [];
  for (const p of assignments(a)) {
    if (!isSecretName(p.name) || !looksSecret(p.value) || isReferenceTo(p.name, p.value)) continue;
    // Connection strings are their own rule; a URL is judged there.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p.value)) continue;
    // A value with a known shape is reported by its own rule, once.
    if (scanShapes(p.value, [...CLOUD_SHAPES, ...PLATFORM_SHAPES, JWT]).length) continue;
    out.push({ offset: p.offset, length: p.length, kind: `secret in ${p.name}`, masked: mask(p.value) });
  }
  return out;
}
