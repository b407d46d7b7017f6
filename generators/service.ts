// `add service <name>`: another deployable in the same repository (a monorepo), under
// services/<name>/: its app skeleton, container build and Kubernetes manifests, rendered from the
// same parts as the main stack with the service's name. The service is recorded in the answers,
// and .github/dependabot.yml gets its package ecosystem and Docker directories: re-rendered when
// the file is still ours, or added as text to the user's own version (comments and edits kept)
// when they changed it. Workflows, Terraform and monitoring stay at the root; wiring the service
// into CI is left to the team (see docs).
import type { NodePlopAPI } from 'node-plop';
import { RUNTIME_CI } from './parts/github.js';
import { addEntries, DEPENDABOT_PATH, describeEntries, serviceEntries } from '../src/generate/dependabot.js';
import { kebabArg } from '../src/generate/generator-kit.js';
import { GeneratorError, registerGenerator, type GeneratorSpec } from '../src/generate/generators.js';
import type { PlannedFile } from '../src/generate/plan.js';
import { ANSWERS_PATH, loadParts, prepare, prepareStack } from '../src/generate/stack.js';
import { templateData } from '../src/generate/template-data.js';
import { checkAnswers } from '../src/generate/validate.js';

/** The parts that make up one deployable. */
export const SERVICE_PARTS = ['app', 'docker', 'kubernetes'];

export const spec: GeneratorSpec = {
  name: 'service',
  description: 'Add another service under services/<name>/: app skeleton, Dockerfile, Kubernetes manifests, Dependabot entries',
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

    // The stack with the service recorded: its answers record and dependabot.yml as a full run writes them.
    const next = checkAnswers({ ...answers, services: [...new Set([...(answers.services ?? []), name])] });
    const stack = await prepareStack(next);
    const entries = serviceEntries(name, RUNTIME_CI[answers.runtime].dependabot);
    const note = describeEntries(entries);
    const shared: PlannedFile[] = [
      { path: ANSWERS_PATH, content: stack.rendered.get(ANSWERS_PATH)!.content },
      {
        path: DEPENDABOT_PATH,
        content: stack.rendered.get(DEPENDABOT_PATH)!.content,
        merge: (current) => {
          const r = addEntries(current, entries);
          return 'error' in r ? r : { content: r.content, note: `${note} to ${DEPENDABOT_PATH}` };
        },
      },
    ];
    return {
      answers: next,
      stack: prepare(data, [...files, ...shared]),
      summary: `service ${name} in ${prefix} (${files.length} files); Dependabot: ${note} (edits you made to ${DEPENDABOT_PATH} are kept)`,
    };
  },
};

export default (plop: NodePlopAPI) => registerGenerator(plop, spec);
