// Generated YAML read back (the context files, the handoff summary, the docs' alert tables):
// through the block reader (block-yaml.ts) when the text is in its subset, which every generated
// workflow and rule file is, else through the yaml package. Parsed once per content: the docs,
// summary.md and monitoring.json all read the same alert rules.
import { parseBlockYaml } from './block-yaml.js';
import { yaml } from './on-demand.js';

const parsed = new Map<string, unknown>();

/** The value of a YAML text, or undefined when it does not parse. */
export function readYaml(text: string): unknown {
  if (!parsed.has(text)) {
    let value = parseBlockYaml(text);
    if (value === undefined) {
      try {
        value = yaml().parse(text, { maxAliasCount: 100 });
      } catch {
        value = undefined;
      }
    }
    if (parsed.size > 200) parsed.clear();
    parsed.set(text, value);
  }
  return parsed.get(text);
}
