// The interactive path, in a real pseudo-terminal (util-linux `script`): the questions appear,
// and Ctrl-C cancels cleanly, writing nothing. Runs the built bin (npm test builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/schemas.js';
import { tool } from '../helpers/tools.js';

const BIN = join(PACKAGE_ROOT, 'dist', 'bin', 'create-devops-stack.js');
const canRun = tool('script') && existsSync(BIN);

function inTerminal(args: string, keys: Array<[number, string]>): { status: number; output: string } {
  const feed = keys.map(([delay, k]) => `sleep ${delay}; printf '${k}'`).join('; ');
  const cmd = `(${feed}; sleep 2) | script -qec ${JSON.stringify(`stty cols 120 rows 40; env -u CI node ${BIN} ${args}`)} /dev/null`;
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status ?? -1, output: (r.stdout ?? '').replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '') };
}

describe.skipIf(!canRun)('create-devops-stack in a terminal', () => {
  it('asks, and Ctrl-C cancels without writing anything', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cds-tty-'));
    const target = join(cwd, 'svc');
    const r = inTerminal(`${target} --no-git`, [
      [1.5, '\\r'],
      [0.5, '\\003'],
    ]);
    expect(r.output).toMatch(/Service name/);
    expect(r.output).toMatch(/Cancelled: nothing was written\./);
    expect(r.status).toBe(1);
    expect(existsSync(target)).toBe(false);
  });

  it('with ECS, does not ask for PR previews and says why, in the question flow and the summary', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cds-tty-'));
    const target = join(cwd, 'svc');
    const given = '--name svc --runtime node --cloud aws --orchestrator ecs --strategy canary --environments dev,prod --registry ecr --monitoring prometheus --logging loki --tracing none --secrets cloud --codeowners @a/b --feature ff --repository a/svc --region us-east-1 --port 8080';
    const r = inTerminal(`${target} --no-git ${given}`, [[3, '\\003']]);
    expect(r.output).not.toMatch(/Preview environment per pull request\?/);
    expect(r.output).toMatch(/No PR preview environments on ECS: previews are namespaces in a Kubernetes cluster\./);
    expect(r.output).toMatch(/environments dev → prod \(no PR previews on ECS\)/);
    expect(r.status).toBe(1);
    expect(existsSync(target)).toBe(false);
  });
});
