/**
 * Records the help of the kubectl commands whose texts Breakfix reuses verbatim into
 * src/kubectl/helptext/kubectl-help.json (`kubectl <command> --help`, byte for byte).
 *
 *   npx tsx scripts/gen-help.ts --capture    re-record, where a kubectl v1.32 is installed
 *   npx tsx scripts/gen-help.ts              check that the file records exactly COMMANDS
 *
 * The recorded texts are the source: src/kubectl/helptext parses them at load time, and
 * tests/unit/kubectl/helptext.test.ts checks that Breakfix's `--help` prints each one back.
 * To give another command kubectl's own help, add it to COMMANDS and re-record.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const OUTPUT_PATH = 'src/kubectl/helptext/kubectl-help.json';

/** In this order: the first record holding a flag is where `kubectl run` borrows it from. */
export const COMMANDS = [
  // create, apply, delete, replace, patch, label, annotate, edit, diff, wait
  'create',
  'create configmap',
  'create cronjob',
  'create deployment',
  'create job',
  'create namespace',
  'create poddisruptionbudget',
  'create priorityclass',
  'create quota',
  'create secret',
  'create secret generic',
  'create secret docker-registry',
  'create secret tls',
  'create service',
  'create service clusterip',
  'create service nodeport',
  'create service loadbalancer',
  'create service externalname',
  'create serviceaccount',
  'create role',
  'create clusterrole',
  'create rolebinding',
  'create clusterrolebinding',
  'create ingress',
  'create token',
  'apply view-last-applied',
  'apply set-last-applied',
  'apply edit-last-applied',
  'apply',
  'delete',
  'replace',
  'patch',
  'label',
  'annotate',
  'edit',
  'diff',
  'wait',
  // workloads
  'scale',
  'autoscale',
  'rollout',
  'rollout history',
  'rollout pause',
  'rollout restart',
  'rollout resume',
  'rollout status',
  'rollout undo',
  'set',
  'set image',
  'set env',
  'set resources',
  // nodes
  'taint',
  'cordon',
  'uncordon',
  'drain',
];

/** The JSON text of the records, as the file stores it (prettier leaves it as it is). */
export function formatRecords(records: Record<string, string>): string {
  return JSON.stringify(records, null, 2) + '\n';
}

function capture(): Record<string, string> {
  const env = { KUBECONFIG: '/dev/null', PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  const version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', env });
  if (!/Client Version: v1\.32\./.test(version))
    throw new Error(`kubectl v1.32 is needed to record the help texts; found:\n${version}`);
  const out: Record<string, string> = {};
  for (const cmd of COMMANDS)
    out[cmd] = execFileSync('kubectl', [...cmd.split(' '), '--help'], { encoding: 'utf8', env });
  return out;
}

function main(argv: string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.join(root, OUTPUT_PATH);
  if (argv.includes('--capture')) {
    writeFileSync(file, formatRecords(capture()));
    console.log(`wrote ${OUTPUT_PATH} (${COMMANDS.length} commands)`);
    return 0;
  }
  const records = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const recorded = Object.keys(records);
  if (recorded.join('\n') !== COMMANDS.join('\n') || readFileSync(file, 'utf8') !== formatRecords(records)) {
    console.error(`${OUTPUT_PATH} does not record exactly COMMANDS: run with --capture where kubectl is`);
    return 1;
  }
  console.log(`${OUTPUT_PATH} records the ${COMMANDS.length} commands`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
