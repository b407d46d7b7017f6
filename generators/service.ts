// `add service <name>`: another deployable in the same repository (a monorepo), under
// services/<name>/: its app skeleton, container build and Kubernetes manifests, rendered from the
// same parts as the main stack with the service's name. Shared pieces (workflows, Terraform,
// monitoring) stay at the root; wiring the service into CI is left to the team (see docs).
import type { NodePlopAPI } from 'node-plop';
import { kebabArg } from '../src/generate/generator-kit.js';
import { GeneratorError, registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import { loadParts, prepare } from '../src/generate/stack.js';
import { templateData } from '../src/generate/template-data.js';
import { checkAnswers } from '../src/generate/validate.js';

/** The parts that make up one deployable. */
export const SERVICE_PARTS = ['app', 'docker', 'kubernetes'];

export const spec: GeneratorSpec = {
  name: 'service',
  description: 'Add another service under services/<name>/: app skeleton, Dockerfile, Kubernetes manifests',
  usage: 'create-devops-stack add service <name> [dir]',
  args: ['name'],
  async run({ answers, args }) {
    const name = kebabArg(args, 'service name', this.usage);
    if (name === answers.name) throw new GeneratorError(`"${name}" is the stack's own service`);
    const service = checkAnswers({ ...answers, name, repository: answers.repository });
    const data = templateData(service);
    const prefix = `services/${name}/`;
    const files = (await loadParts())
      .filter((p) => SERVICE_PARTS.includes(p.name))
      .flatMap((p) => p.part(data))
      .map((f) => ({ ...f, path: `${prefix}${f.path}` }));
    return { answers, stack: prepare(data, files), summary: `service ${name} in ${prefix} (${files.length} files)` };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
