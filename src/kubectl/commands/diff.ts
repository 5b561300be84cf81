/**
 * `kubectl diff -f` (kubectl/pkg/cmd/diff): for each object, the LIVE version (GET) against the
 * MERGED version — what `kubectl apply` would produce, asked of the server as a dry run (a
 * dry-run PATCH with the three-way patch, or a dry-run POST for a new object). Both are written
 * as YAML into two temporary directories and compared with `diff -u -N`, whose output and exit
 * code (1 when something differs) kubectl passes through.
 */
import type { KubeObject } from '../../api/types';
import { isEmptyPatch } from '../../apimachinery/strategicpatch/index';
import { ExitError, formatError, KubectlError } from '../errors';
import { omitManagedFields, toYAML } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { computeApplyPatch } from './apply';
import { withNamespace } from './create';
import { getModifiedConfiguration } from './lastapplied';
import { unifiedFileDiff } from './unidiff';
import {
  Helper,
  helpSpec,
  isNotFoundError,
  rejectKustomize,
  seededRandom,
  sortDeep,
  visitInfos,
  type Info,
} from './writeutil';

/** InfoObject.Name(): `apps.v1.Deployment.default.web`. */
function fileName(info: Info): string {
  const m = info.mapping;
  return `${m.group ? `${m.group}.` : ''}${m.version}.${m.kind}.${info.namespace}.${info.name}`;
}

/** The Masker: Secret values never reach the terminal. */
function maskSecrets(
  live: KubeObject | undefined,
  merged: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  if ((live ?? merged)?.kind !== 'Secret') return [live, merged];
  const ld = { ...((live?.data as Record<string, string>) ?? {}) };
  const md = { ...((merged?.data as Record<string, string>) ?? {}) };
  for (const k of new Set([...Object.keys(ld), ...Object.keys(md)])) {
    if (k in ld && k in md && ld[k] !== md[k]) {
      ld[k] = '*** (before)';
      md[k] = '*** (after)';
    } else {
      if (k in ld) ld[k] = '***';
      if (k in md) md[k] = '***';
    }
  }
  return [
    live && live.data ? { ...live, data: ld } : live,
    merged && merged.data ? { ...merged, data: md } : merged,
  ];
}

async function diffOne(inv: Invocation, info: Info): Promise<{ live?: KubeObject; merged?: KubeObject }> {
  const helper = new Helper(inv.kube.rest(), info.mapping);
  const local = withNamespace(info.object!, info.mapping, info.namespace);
  let live: KubeObject | undefined;
  try {
    live = await helper.get(info.namespace, info.name);
  } catch (e) {
    if (!isNotFoundError(e)) throw e;
  }
  const opts = { dryRun: true, fieldManager: inv.flags.string('field-manager') };
  if (!live) return { merged: await helper.create(info.namespace, sortDeep(local), opts) };
  const { patch, contentType } = computeApplyPatch(
    info.mapping,
    live,
    getModifiedConfiguration(local, false),
  );
  if (isEmptyPatch(patch)) return { live, merged: live };
  // Lock the patch to the version we diffed against (Patcher.ResourceVersion).
  const meta = {
    ...((patch.metadata as Record<string, unknown>) ?? {}),
    resourceVersion: live.metadata.resourceVersion,
  };
  const merged = await helper.patch(
    info.namespace,
    info.name,
    contentType,
    sortDeep({ ...patch, metadata: meta }),
    opts,
  );
  return { live, merged };
}

/** The external diff program: only `diff` with its unified-format flags is simulated. */
function diffProgram(env: Record<string, string>): string {
  const ext = (env.KUBECTL_EXTERNAL_DIFF ?? '').trim();
  if (ext === '') return 'diff -u -N';
  const words = ext.split(/\s+/);
  if (words[0] !== 'diff' || !words.slice(1).every((w) => /^-[uNr]+$/.test(w))) {
    throw new KubectlError(`KUBECTL_EXTERNAL_DIFF=${ext} is not simulated in Breakfix (only diff -u -N)`);
  }
  return ext;
}

async function runDiff(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (f.bool('server-side'))
    throw new KubectlError('kubectl diff --server-side is not simulated in Breakfix');
  if (f.bool('prune')) throw new KubectlError('kubectl diff --prune is not simulated in Breakfix');
  rejectKustomize(inv);
  if (f.strings('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
  if (inv.args.length > 0) throw inv.usageError(`Unexpected args: [${inv.args.join(' ')}]`);
  const program = diffProgram(inv.ctx.env);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: f.string('selector') || undefined,
    namespace,
    enforceNamespace: explicit,
  });
  if (result.errors.length > 0) throw result.errors[0]!;
  const files: { name: string; live?: string; merged?: string }[] = [];
  const showManaged = f.bool('show-managed-fields');
  const yaml = (o: KubeObject | undefined) =>
    o ? toYAML(showManaged ? o : omitManagedFields(o)) : undefined;
  const { errors } = await visitInfos(inv, result.refs, { latest: false }, async (info) => {
    const { live, merged } = await diffOne(inv, info);
    if (live?.metadata.deletionTimestamp) {
      inv.err(`Warning: Detected changes to resource ${info.name} which is currently being deleted.\n`);
    }
    const [l, m] = maskSecrets(live, merged);
    files.push({ name: fileName(info), live: yaml(l), merged: yaml(m) });
  });
  if (errors.length > 0) throw errors[0]!;
  const rand = seededRandom(inv.ctx.now());
  // os.MkdirTemp names: the prefix and a random 32-bit number.
  const dir = (prefix: string) => `/tmp/${prefix}-${Math.floor(rand() * 4294967296)}`;
  const liveDir = dir('LIVE');
  const mergedDir = dir('MERGED');
  let out = '';
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    out += unifiedFileDiff(
      `${liveDir}/${file.name}`,
      `${mergedDir}/${file.name}`,
      file.live,
      file.merged,
      inv.ctx.now(),
      program,
    );
  }
  inv.out(out);
  return out === '' ? 0 : 1;
}

export const diffCommand: CommandSpec = {
  ...helpSpec('diff', 'Diff the live version against a would-be applied version'),
  // diff's errors exit 2: exit 1 means "differences found" (cmdutil.CheckDiffErr).
  run: async (inv) => {
    try {
      return await runDiff(inv);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      const { message } = formatError(e);
      if (message) inv.err(message.endsWith('\n') ? message : `${message}\n`);
      return 2;
    }
  },
};
