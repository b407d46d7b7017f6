// `node bench/run.mjs [--sizes 10,50,100,200] [--runs 5] [--quick] [--no-tools] [dir…]`
import { parseArgs } from 'node:util';

export function benchArgs(argv) {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean' },
      'no-tools': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write('usage: npm run bench -- [--sizes 10,50,100,200] [--runs N] [--quick] [--no-tools] [extra-dir…]\n');
    process.exit(0);
  }
  const sizes = (v.sizes ?? (v.quick ? '10' : '10,50,100,200')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: whole numbers expected (got ${v.sizes})`);
  const runs = Number(v.runs ?? (v.quick ? 3 : 5));
  return { sizes, runs, tools: !v['no-tools'], dirs: positionals };
}
