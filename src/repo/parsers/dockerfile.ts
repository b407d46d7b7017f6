// Dockerfile via dockerfile-ast (escape directives, heredocs, ranges).
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import type { ParseProblem } from './yaml.js';

export interface DockerfileFile {
  ast: Dockerfile;
  errors: ParseProblem[];
}

export function parseDockerfile(text: string): DockerfileFile {
  const ast = DockerfileParser.parse(text);
  return { ast, errors: [] };
}
