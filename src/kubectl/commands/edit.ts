/**
 * `kubectl edit` (kubectl/pkg/cmd/util/editor/editoptions.go): GET the objects, write them as
 * YAML (or JSON with -o json) under kubectl's comment header to a temporary file, open the
 * editor, and send what changed as a two-way strategic merge patch. An unchanged file cancels;
 * an invalid one, or a server rejection, re-opens the editor with the reasons written into the
 * header, exactly as kubectl does, until the user fixes or abandons the edit.
 */
import type { KubeObject } from '../../api/types';
import {
  createMergePatch,
  PATCH_TYPES,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
} from '../../apimachinery/mergepatch';
import { PatchError } from '../../apimachinery/mergepatch';
import { createTwoWayMergePatch, isStrategicMergePatchKind } from '../../apimachinery/strategicpatch/index';
import { deepEqual } from '../../apimachinery/strategicpatch/gofmt';
import { decodeManifests } from '../builder';
import type { Mapping } from '../discovery';
import { ExitError, KubectlError, StatusError, isNotFound } from '../errors';
import { omitManagedFields, operationLine, toJSON, toYAML } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { parseYamlStream } from '../yamlparse';
import { createApplyAnnotation } from './lastapplied';
import {
  collectErrors,
  Helper,
  helpSpec,
  kindKey,
  seededRandom,
  sortDeep,
  validationDirective,
  visitInfos,
  type Info,
} from './writeutil';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

interface Reason {
  head: string;
  other: string[];
}

/** hashOnLineBreak: continuation lines of a reason stay comments. */
function hashOnLineBreak(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (i + 1 < s.length && ch === '\n' && s[i + 1] !== '#') r += '\n# ';
    else r += ch;
  }
  return r;
}

function header(reasons: Reason[]): string {
  let h = HEADER;
  for (const r of reasons) {
    h += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) h += `# * ${hashOnLineBreak(o)}\n`;
    h += '#\n';
  }
  return h;
}

/** cmdutil.ManualStrip: drop comment lines (but not `#!`). */
export function manualStrip(file: string): string {
  const lines = file.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('#') && !t.startsWith('#!')) return;
    out.push(line + (i < lines.length - 1 ? '\n' : ''));
  });
  return out.join('');
}

/** cmdutil.StripComments: the document as JSON (comments gone), or the manually stripped text. */
export function stripComments(file: string): string {
  try {
    return JSON.stringify(parseYamlStream(file));
  } catch {
    return manualStrip(file);
  }
}

/** The YAML parse error as go-yaml words it (`yaml: line 3: …`), or undefined if it parses. */
function yamlError(text: string): string | undefined {
  try {
    parseYamlStream(text);
    return undefined;
  } catch (e) {
    const msg = (e as Error).message;
    return msg.startsWith('yaml: ') ? msg : `yaml: ${msg}`;
  }
}

/** `configmaps` / `deployments.apps`: how edit's messages name a resource. */
const resourceString = (m: Mapping): string => (m.group ? `${m.name}.${m.group}` : m.name);

const PRECONDITIONS = [
  requireKeyUnchanged('apiVersion'),
  requireKeyUnchanged('kind'),
  requireMetadataKeyUnchanged('name'),
  requireKeyUnchanged('managedFields'),
];

interface Results {
  reasons: Reason[];
  retryable: number;
  notfound: number;
  edit: number;
}

async function runEdit(inv: Invocation): Promise<number | void> {
  const f = inv.flags;
  if (f.string('subresource'))
    throw new KubectlError('kubectl edit --subresource is not simulated in Breakfix');
  const fieldValidation = validationDirective(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: inv.args,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    namespace,
    enforceNamespace: explicit,
  });
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  collectErrors([...result.errors, ...errors]);
  // The edit printer: YAML, or JSON with -o json.
  const output = f.string('output');
  const format = output === '' ? 'yaml' : output;
  if (format !== 'yaml' && format !== 'json') {
    throw new KubectlError(
      `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,yaml`,
    );
  }
  if (infos.length === 0) throw new KubectlError('edit cancelled, no objects found');
  const print = (o: unknown) => (format === 'json' ? toJSON(o) : toYAML(o));
  const ext = format === 'json' ? '.json' : '.yaml';
  const rand = seededRandom(inv.ctx.now() ^ 0x2545f491);
  const file = `/tmp/kubectl-edit-${Math.floor(rand() * 4294967295) >>> 0}${ext}`;
  const fs = inv.ctx.fs;
  const preserved = (err: Error): Error => {
    if (fs.exists(file)) inv.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
    return err;
  };

  let results: Results = { reasons: [], retryable: 0, notfound: 0, edit: 0 };
  let original = '';
  let edited = '';
  let containsError = false;
  for (;;) {
    const objects = infos.map((i) => omitManagedFields(i.object!));
    const originalObj =
      objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: {} };
    let buf = header(results.reasons);
    if (!containsError) {
      buf += print(originalObj);
      original = buf;
    } else {
      buf += manualStrip(edited);
    }
    const editedBefore = edited;
    fs.writeFile(file, buf);
    const saved = await inv.ctx.editor.edit(file, buf, inv.ctx.signal, inv.ctx.env);
    if (inv.ctx.signal.aborted) return 130;
    edited = saved ?? buf;
    fs.writeFile(file, edited);
    if (containsError && stripComments(editedBefore) === stripComments(edited)) {
      throw preserved(new KubectlError('Edit cancelled, no valid changes were saved.'));
    }
    // Validation parses the file first: a YAML error is reported as an invalid object.
    const yerr = yamlError(manualStrip(edited));
    if (yerr) {
      results = { reasons: [], retryable: 0, notfound: 0, edit: 0 };
      containsError = true;
      const info = infos[0]!;
      results.reasons.push({
        head: `${resourceString(info.mapping)} ${JSON.stringify(info.name)} was not valid`,
        other: [`<nil>: Invalid value: "The edited file failed validation": ${yerr}`],
      });
      inv.err(`error: ${resourceString(info.mapping)} ${JSON.stringify(info.name)} is invalid\n`);
      continue;
    }
    if (stripComments(original) === stripComments(edited)) {
      fs.remove(file);
      inv.err('Edit cancelled, no changes made.\n');
      return;
    }
    if (!edited.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
      fs.remove(file);
      inv.err('Edit cancelled, saved file was empty.\n');
      return;
    }
    results = { reasons: [], retryable: 0, notfound: 0, edit: 0 };
    const decoded = decodeManifests(manualStrip(edited), 'edited-file');
    if (decoded.errors.length > 0) {
      containsError = true;
      results.reasons.push({
        head: `The edited file had a syntax error: ${decoded.errors[0]!.message}`,
        other: [],
      });
      continue;
    }
    containsError = false;
    for (const obj of decoded.objects) {
      const ns = obj.metadata.namespace ?? '';
      const orig = infos.find((i) => i.object!.metadata.uid === obj.metadata.uid);
      if (orig && orig.mapping.namespaced && ns && ns !== orig.namespace) {
        throw preserved(
          new KubectlError(
            `the namespace from the provided object ${JSON.stringify(ns)} does not match the namespace ${JSON.stringify(orig.namespace)}. You must pass '--namespace=${ns}' to perform this operation.`,
          ),
        );
      }
    }
    try {
      for (const obj of decoded.objects) await patchOne(inv, obj, infos, results, fieldValidation);
    } catch (e) {
      throw preserved(e as Error);
    }
    if (results.retryable > 0) {
      inv.err(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
      throw new ExitError(1);
    }
    if (results.notfound > 0) {
      inv.err(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}\n`);
      throw new ExitError(1);
    }
    if (results.edit === 0) {
      fs.remove(file);
      return;
    }
    if (results.reasons.length > 0) containsError = true;
  }
}

async function patchOne(
  inv: Invocation,
  edited: KubeObject,
  infos: Info[],
  results: Results,
  fieldValidation: string,
): Promise<void> {
  const info = infos.find((i) => i.object!.metadata.uid === edited.metadata.uid);
  if (!info) throw new KubectlError(`no original object found for ${JSON.stringify(edited)}`);
  let updated = edited;
  if (inv.flags.bool('save-config')) updated = createApplyAnnotation(updated);
  const originalJS = sortDeep(info.object!) as Record<string, unknown>;
  const editedJS = sortDeep({
    ...updated,
    metadata: { ...updated.metadata, managedFields: info.object!.metadata.managedFields },
  }) as Record<string, unknown>;
  if (editedJS.metadata && (editedJS.metadata as Record<string, unknown>).managedFields === undefined) {
    delete (editedJS.metadata as Record<string, unknown>).managedFields;
  }
  if (deepEqual(originalJS, editedJS)) {
    inv.out(operationLine(info.object!, 'skipped'));
    return;
  }
  const key = kindKey(info.mapping);
  let patch: Record<string, unknown>;
  let contentType: string;
  try {
    if (isStrategicMergePatchKind(key)) {
      patch = createTwoWayMergePatch(originalJS, editedJS, key, PRECONDITIONS);
      contentType = PATCH_TYPES.strategic;
    } else {
      patch = createMergePatch(originalJS, editedJS);
      contentType = PATCH_TYPES.merge;
      for (const p of PRECONDITIONS) if (!p(patch)) throw new PatchError('precondition failed', 'Invalid');
    }
  } catch (e) {
    if (e instanceof PatchError)
      throw new KubectlError('At least one of apiVersion, kind and name was changed');
    throw e;
  }
  if (inv.flags.bool('output-patch')) inv.out(`Patch: ${JSON.stringify(sortDeep(patch))}\n`);
  try {
    const patched = await new Helper(inv.kube.rest(), info.mapping).patch(
      info.namespace,
      info.name,
      contentType,
      sortDeep(patch),
      {
        fieldManager: inv.flags.string('field-manager'),
        fieldValidation,
      },
    );
    info.object = patched;
    inv.out(operationLine(patched, 'edited'));
  } catch (e) {
    inv.err(`${addError(e as Error, info, results)}\n`);
  }
}

/** editResults.addError. */
function addError(err: Error, info: Info, r: Results): string {
  const rs = resourceString(info.mapping);
  if (err instanceof StatusError && err.reason === 'Invalid') {
    r.edit++;
    const causes = err.status.details?.causes ?? [];
    r.reasons.push({
      head: `${rs} ${JSON.stringify(info.name)} was not valid`,
      other: causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`),
    });
    return `error: ${rs} ${JSON.stringify(info.name)} is invalid`;
  }
  if (isNotFound(err)) {
    r.notfound++;
    return `error: ${rs} ${JSON.stringify(info.name)} could not be found on the server`;
  }
  r.retryable++;
  return `error: ${rs} ${JSON.stringify(info.name)} could not be patched: ${err.message}`;
}

export const editCommand: CommandSpec = {
  ...helpSpec('edit', 'Edit a resource on the server'),
  run: runEdit,
};
