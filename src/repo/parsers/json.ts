// JSON: validity by JSON.parse (strict), positions by the YAML parser (JSON is YAML 1.2 flow).
import { parseYaml, type ParseProblem, type YamlFile } from './yaml.js';

export interface JsonFile {
  value: unknown;
  /** The same text as a YAML document, for node positions. */
  yaml: YamlFile;
  errors: ParseProblem[];
}

export function parseJson(text: string): JsonFile {
  try {
    const value = JSON.parse(text);
    return {
      value,
      get yaml() {
        const y = parseYaml(text);
        Object.defineProperty(this, 'yaml', { value: y });
        return y;
      },
      errors: [],
    };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    return { value: undefined, yaml: { docs: [], errors: [] }, errors: [{ message: msg, offset: m ? Number(m[1]) : 0 }] };
  }
}
