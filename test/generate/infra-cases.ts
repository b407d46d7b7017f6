// The pairwise answer matrix rendered through the infrastructure parts only (terraform.ts,
// kubernetes.ts), so these tests judge our files even while other parts are mid-edit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kubernetes from '../../generators/parts/kubernetes.js';
import terraform from '../../generators/parts/terraform.js';
import { defaultAnswers, DEFAULT_REGISTRY, type StackAnswers } from '../../src/generate/answers.js';
import { renderTemplate } from '../../src/generate/render.js';
import { templateData } from '../../src/generate/template-data.js';
import { writeFiles } from '../../src/generate/write.js';
import { pairwise } from '../helpers/matrix.js';

export interface InfraCase {
  label: string;
  answers: StackAnswers;
  dir: string;
  files: string[];
}

let cases: InfraCase[] | undefined;

/** Defaults plus every pairwise case, rendered once per test process. */
export function infraCases(): InfraCase[] {
  if (cases) return cases;
  const root = mkdtempSync(join(tmpdir(), 'cds-infra-'));
  cases = [{}, ...pairwise()].map((p, i) => {
    const answers = defaultAnswers({ name: `svc-${i}`, ...p, ...(p.cloud && !p.registry ? { registry: DEFAULT_REGISTRY[p.cloud] } : {}) });
    const d = templateData(answers);
    const rendered = [...terraform(d), ...kubernetes(d)].map((f) => ({
      path: f.path,
      content: f.content ?? renderTemplate(f.template!, { ...d, ...(f.data ?? {}) }),
    }));
    const dir = join(root, `case-${i}`);
    writeFiles(dir, rendered);
    const label = i === 0 ? 'defaults' : Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('>') : v}`).join(',');
    return { label, answers, dir, files: rendered.map((f) => f.path) };
  });
  return cases;
}
