/**
 * `kubectl patch` (kubectl/pkg/cmd/patch): send the patch as given — strategic merge (the
 * default), JSON merge (`--type merge`) or JSON patch (`--type json`) — and say `patched`, or
 * `patched (no change)` when the server's answer equals the object before. With
 * `--dry-run=client` the patch is applied here, with the same merge code the server uses.
 */
import type { KubeObject } from '../../api/types';
import { applyJsonPatch } from '../../apimachinery/jsonpatch';
import { applyMergePatch, PATCH_TYPES } from '../../apimachinery/mergepatch';
import { applyStrategicMergePatch } from '../../apimachinery/strategicpatch/index';
import { deepEqual } from '../../apimachinery/strategicpatch/gofmt';
import { KubectlError, StatusError } from '../errors';
import { type CommandSpec, type Invocation } from '../registry';
import { parseYaml } from '../yamlparse';
import {
  collectErrors,
  dryRunStrategy,
  Helper,
  helpSpec,
  kindKey,
  printObject,
  visitInfos,
} from './writeutil';

const PATCH_TYPE_NAMES = ['json', 'merge', 'strategic'];

/**
 * Go's encoding/json syntax error for the first problem in `text` (the apiserver answers
 * BadRequest with it). Covers the usual typos; anything else reads "invalid character".
 */
export function goJsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch {
    // Find the first offending character with a tiny scanner.
  }
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const ch = (c: string | undefined) => (c === undefined ? '' : c === "'" ? "'\\''" : `'${c}'`);
  const fail = (what: string): string =>
    i >= text.length ? 'unexpected end of JSON input' : `invalid character ${ch(text[i])} ${what}`;
  const value = (): string | undefined => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return undefined;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') return fail('looking for beginning of object key string');
        const s = str();
        if (s) return s;
        ws();
        if (text[i] !== ':') return fail('after object key');
        i++;
        const v = value();
        if (v) return v;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return undefined;
        }
        return fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return undefined;
      }
      for (;;) {
        const v = value();
        if (v) return v;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return undefined;
        }
        return fail('after array element');
      }
    }
    if (c === '"') return str();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      return undefined;
    }
    return fail('looking for beginning of value');
  };
  const str = (): string | undefined => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) return 'unexpected end of JSON input';
    i++;
    return undefined;
  };
  const r = value();
  if (r) return r;
  ws();
  return i < text.length
    ? `invalid character ${ch(text[i])} after top-level value`
    : 'unexpected end of JSON input';
}

/**
 * apimachinery's yaml.ToJSON: a JSON object (text starting with `{`) passes through; anything
 * else, a JSON patch's `[…]` included, is converted as YAML (`[{` fails as go-yaml fails).
 */
function patchFromText(text: string, raw: string): unknown {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    const err = goJsonSyntaxError(text);
    if (err) {
      // The server rejects the bytes; Breakfix's client only carries parsed JSON, so answer for it.
      throw new StatusError({
        apiVersion: 'v1',
        kind: 'Status',
        metadata: {},
        status: 'Failure',
        message: err,
        reason: 'BadRequest',
        code: 400,
      });
    }
    return JSON.parse(text);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new KubectlError(`unable to parse ${JSON.stringify(raw)}: ${(e as Error).message}`);
  }
}

async function runPatch(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const patchText = f.string('patch');
  const patchFile = f.string('patch-file');
  if (patchText && patchFile) throw new KubectlError('cannot specify --patch and --patch-file together');
  if (!patchText && !patchFile)
    throw new KubectlError('must specify --patch or --patch-file containing the contents of the patch');
  const local = f.bool('local');
  if (local && inv.args.length !== 0) throw new KubectlError('cannot specify --local and server resources');
  if (local && dryRun === 'server') {
    throw new KubectlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  }
  const typeName = f.string('type').toLowerCase();
  if (!PATCH_TYPE_NAMES.includes(typeName)) {
    throw new KubectlError(
      `--type must be one of [${PATCH_TYPE_NAMES.join(' ')}], not ${JSON.stringify(f.string('type'))}`,
    );
  }
  if (f.string('subresource'))
    throw new KubectlError('kubectl patch --subresource is not simulated in Breakfix');
  const contentType = PATCH_TYPES[typeName as keyof typeof PATCH_TYPES];
  let text = patchText;
  if (patchFile) {
    const content = inv.ctx.fs.readFile(inv.ctx.fs.resolve(patchFile));
    if (content === undefined) {
      throw new KubectlError(`unable to read patch file: open ${patchFile}: no such file or directory`);
    }
    text = content;
  }
  const patch = patchFromText(text, patchText);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: inv.args,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    namespace,
    enforceNamespace: explicit,
  });
  let count = 0;
  const { errors } = await visitInfos(
    inv,
    result.refs,
    { latest: !local, latestForFiles: false },
    async (info) => {
      count++;
      const before = info.object!;
      let after: KubeObject;
      if (!local && dryRun !== 'client') {
        try {
          after = await new Helper(inv.kube.rest(), info.mapping).patch(
            info.namespace,
            info.name,
            contentType,
            patch,
            {
              dryRun: dryRun === 'server',
              fieldManager: f.string('field-manager'),
            },
          );
        } catch (e) {
          if (e instanceof StatusError && e.code === 415) {
            const gv = info.mapping.group
              ? `${info.mapping.group}/${info.mapping.version}`
              : info.mapping.version;
            throw new KubectlError(
              `${contentType} is not supported by ${gv}, Kind=${info.mapping.kind}: ${e.message}`,
            );
          }
          throw e;
        }
      } else {
        after = patchLocally(before, patch, typeName, kindKey(info.mapping));
      }
      // patch's printer has no dry-run suffix (it never calls PrintFlagsWithDryRunStrategy).
      printObject(inv, after, deepEqual(before, after) ? 'patched (no change)' : 'patched', { fresh: true });
    },
  );
  const errs: Error[] = [...result.errors, ...errors];
  collectErrors(errs);
  if (count === 0) throw new KubectlError('no objects passed to patch');
}

/** getPatchedJSON: what the server would make of the object. */
function patchLocally(obj: KubeObject, patch: unknown, type: string, key: string): KubeObject {
  switch (type) {
    case 'json':
      return applyJsonPatch(obj, patch);
    case 'merge':
      return applyMergePatch(obj, patch) as KubeObject;
    default:
      return applyStrategicMergePatch(obj, patch, key) as KubeObject;
  }
}

export const patchCommand: CommandSpec = {
  ...helpSpec('patch', 'Update fields of a resource'),
  run: runPatch,
};
