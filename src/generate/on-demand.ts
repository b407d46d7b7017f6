// Dependencies the generator needs only off its usual path, loaded on first use: the yaml package
// (an answers file in YAML, Dependabot entries for `add service`, a generated file outside the
// block reader's subset) and picomatch (Dependabot globs). Imported up front, yaml alone is 260 KB
// of bundled code to compile and run at every start, for a default stack that needs none of it.
// require(), not import(): the callers are synchronous, and the bundle leaves a require() alone.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type Picomatch from 'picomatch';

const require = createRequire(import.meta.url);
let yamlLib: typeof Yaml | undefined;
let picomatchLib: typeof Picomatch | undefined;

export const yaml = (): typeof Yaml => (yamlLib ??= require('yaml') as typeof Yaml);
export const picomatch = (): typeof Picomatch => (picomatchLib ??= require('picomatch') as typeof Picomatch);
