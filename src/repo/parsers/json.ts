// JSON: validity by JSON.parse (strict), positions by the YAML parser (JSON is YAML 1.2 flow).
import { jsonDocument } from './json-tree.js';
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
        const doc = jsonDocument(text);
        const y: YamlFile = doc ? { docs: [doc], errors: [] } : parseYaml(text);
        Object.defineProperty(this, 'yaml', { value: y });
        return y;
      },
      errors: [],
    };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    return { value: undefined, yaml: { docs: [], errors: [] }, errors: [{ message: withoutQuote(msg), offset: m ? Number(m[1]) : /end of JSON input/.test(msg) ? text.length : 0 }] };
  }
}

/** V8 quotes the text around the error (`..."token": ghp_x"... is not valid JSON`); the file may hold a secret there. */
function withoutQuote(msg: string): string {
  return msg.replace(/,?\s*(\.\.\.)?"[\s\S]*"(\.\.\.)?\s+is not valid JSON$/, ' (not valid JSON)').split('\n')[0];
}
