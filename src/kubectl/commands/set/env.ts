/**
 * `kubectl set env` (kubectl/pkg/cmd/set/set_env.go, kubectl/pkg/cmd/set/env): add, change
 * (`KEY=value`), remove (`KEY-`) or list (`--list`) the environment variables of the containers
 * of pod templates; `--from=configmap/x` or `--from=secret/x` adds one variable per key, as a
 * reference to the key. Changing a Deployment's environment is a template change, so it rolls
 * out new pods.
 */
import type { Container, EnvVar, EnvVarSource } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { isEnvVarName } from '../../../apimachinery/validation';
import { KubectlError } from '../../errors';
import type { CommandSpec, Invocation } from '../../registry';
import { updatePodSpecForObject, workloadSpec } from '../workloads/util';
import { checkOutput, dryRunStrategy, Helper } from '../writeutil';
import { patchAndPrint, selectContainers, setInfos } from './common';

const ARGUMENT_ENVIRONMENT = /^(.+)=(.*)$/s;

/** SplitEnvironmentFromResources: resources first, then `KEY=value` / `KEY-`. */
function splitEnvironmentFromResources(
  args: string[],
): { resources: string[]; envArgs: string[] } | undefined {
  const resources: string[] = [];
  const envArgs: string[] = [];
  let first = true;
  for (const s of args) {
    const isEnv = ARGUMENT_ENVIRONMENT.test(s) || s.endsWith('-');
    if (isEnv) {
      first = false;
      envArgs.push(s);
    } else if (first) resources.push(s);
    else return undefined;
  }
  return { resources, envArgs };
}

/** envutil.ParseEnv. */
function parseEnv(spec: string[]): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const exists = new Set<string>();
  const remove: string[] = [];
  for (const s of spec) {
    if (s === '-')
      throw new KubectlError('kubectl set env --env - (reading STDIN) is not simulated in Breakfix');
    if (s.includes('=')) {
      const i = s.indexOf('=');
      const name = s.slice(0, i);
      const errs = isEnvVarName(name);
      if (errs.length > 0)
        throw new KubectlError(`${JSON.stringify(name)} is not a valid key name: ${errs.join(';')}`);
      exists.add(name);
      env.push({ name, value: s.slice(i + 1) });
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new KubectlError(`unknown environment variable: ${s}`);
  }
  for (const r of remove)
    if (exists.has(r))
      throw new KubectlError('can not both modify and remove an environment variable in the same command');
  return { env, remove };
}

/** updateEnv: replace in place, drop removed, append new ones. */
function updateEnv(existing: EnvVar[] | undefined, env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing ?? []) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** envutil.GetEnvVarRefString. */
function envVarRefString(from: EnvVarSource): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) {
    const prefix = from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : '';
    return `resource field ${prefix}${from.resourceFieldRef.resource}`;
  }
  return 'invalid valueFrom';
}

/** keyToEnvName: `my.key-1` → `MY_KEY_1`. */
const keyToEnvName = (key: string): string => key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();

/** --from: a variable per key of a ConfigMap or Secret (filtered by --keys). */
async function envFrom(inv: Invocation, from: string, keys: string[]): Promise<EnvVar[]> {
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({ args: [from], namespace, enforceNamespace: explicit });
  if (result.errors.length > 0) throw result.errors[0];
  const env: EnvVar[] = [];
  for (const ref of result.refs) {
    const obj = await new Helper(inv.kube.rest(), ref.mapping).get(ref.namespace, ref.name ?? '');
    const data = Object.keys((obj.data as Record<string, string> | undefined) ?? {}).sort();
    const wanted = (k: string): boolean => keys.length === 0 || keys.includes(k);
    if (obj.kind === 'Secret') {
      for (const k of data.filter(wanted))
        env.push({
          name: keyToEnvName(k),
          valueFrom: { secretKeyRef: { name: obj.metadata.name ?? '', key: k } },
        });
    } else if (obj.kind === 'ConfigMap') {
      for (const k of data.filter(wanted))
        env.push({
          name: keyToEnvName(k),
          valueFrom: { configMapKeyRef: { name: obj.metadata.name ?? '', key: k } },
        });
    } else throw new KubectlError('unsupported resource specified in --from');
  }
  return env;
}

export const setEnvCommand: CommandSpec = {
  ...workloadSpec('set env'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    const dryRun = dryRunStrategy(inv);
    checkOutput(inv);
    const split = splitEnvironmentFromResources(inv.args);
    if (!split)
      throw new KubectlError(
        `all resources must be specified before environment changes: ${inv.args.join(' ')}`,
      );
    const { resources, envArgs } = split;
    const list = f.bool('list');
    if (resources.length < 1 && f.strings('filename').length === 0)
      throw new KubectlError(
        'one or more resources must be specified as <resource> <name> or <resource>/<name>',
      );
    if (list && f.string('output'))
      throw new KubectlError('--list and --output may not be specified together');
    const from = f.string('from');
    const keys = f.strings('keys');
    if (keys.length > 0 && !from)
      throw new KubectlError('when specifying --keys, a configmap or secret must be provided with --from');
    if (f.bool('resolve')) throw new KubectlError('kubectl set env --resolve is not simulated in Breakfix');
    const { env, remove } = parseEnv([...f.strings('env'), ...envArgs]);
    if (from) env.push(...(await envFrom(inv, from, keys)));
    const prefix = f.string('prefix');
    if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;
    const overwrite = f.bool('overwrite');
    const selector = f.string('containers');
    const { infos } = await setInfos(inv, resources);

    const mutate = (obj: KubeObject, printList: boolean): void =>
      updatePodSpecForObject(obj, (spec) => {
        const containers: Container[] = [
          ...selectContainers(spec.containers, selector),
          ...selectContainers(spec.initContainers, selector),
        ];
        if (containers.length === 0) {
          inv.err(
            `warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching ${JSON.stringify(selector)}\n`,
          );
          return;
        }
        for (const c of containers) {
          if (!overwrite)
            for (const e of env) {
              const current = (c.env ?? []).find((x) => x.name === e.name);
              if (current && current.value !== e.value)
                throw new KubectlError(
                  `'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`,
                );
            }
          const updated = updateEnv(c.env, env, remove);
          if (updated.length > 0) c.env = updated;
          else delete c.env;
          if (printList) {
            inv.out(`# ${obj.kind} ${obj.metadata.name}, container ${c.name}\n`);
            for (const e of c.env ?? []) {
              if (!e.valueFrom) inv.out(`${e.name}=${e.value ?? ''}\n`);
              else inv.out(`# ${e.name} from ${envVarRefString(e.valueFrom)}\n`);
            }
          }
        }
      });

    if (list) {
      for (const info of infos) mutate(structuredClone(info.object!) as KubeObject, true);
      return;
    }
    const allErrs: Error[] = [];
    await patchAndPrint(
      inv,
      infos,
      dryRun,
      'env updated',
      (obj) => mutate(obj, false),
      (e) => `failed to patch env update to pod template: ${e.message}`,
      (info, e) => new KubectlError(`error: ${info.mapping.name}/${info.name} ${e.message}\n`),
      allErrs,
      () => {
        // Make sure arguments to set or replace environment variables were given before
        // reporting success.
        if (env.length === 0 && envArgs.length === 0)
          throw new KubectlError('at least one environment variable must be provided');
      },
    );
  },
};
