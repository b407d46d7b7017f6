// Small pieces the generator modules share: argument checks and plop registration.
import { printable } from './paths.js';
import { GeneratorError } from './generators.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The one positional argument a generator needs, as a kebab-case name of bounded length. */
export function kebabArg(args: string[], what: string, usage: string, max = 40): string {
  const v = args[0];
  if (v === undefined) throw new GeneratorError(`missing ${what}: ${usage}`);
  if (args.length > 1) throw new GeneratorError(`unexpected argument ${printable(args[1])}: ${usage}`);
  if (v.length > max || !KEBAB.test(v)) throw new GeneratorError(`${what} must be kebab-case (a-z, 0-9, '-'), at most ${max} characters (got ${printable(v)})`);
  return v;
}

export { registerGenerator } from './generators.js';
