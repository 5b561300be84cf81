/**
 * `kubectl explain` (kubectl/pkg/explain/v2): field documentation from the server's OpenAPI v3
 * documents (`GET /openapi/v3`, then the group-version document it points to), rendered as
 * kubectl v1.32's plaintext template does: GROUP/KIND/VERSION, FIELD with its type guess and
 * ENUM, DESCRIPTION word-wrapped at 76 columns, FIELDS with tab-separated `name\t<type>`.
 *
 * One departure: kubectl finds the Kind of a resource through the document's `paths`; the
 * simulated server's documents carry components only, so the Kind comes from discovery (the
 * same RESTMapper `kubectl get` uses). The printed text is the same.
 */
import { ExitError, KubectlError, NoResourceMatchError } from '../errors';
import { boolFlag, stringFlag } from '../flags';
import { registerCommand } from '../registry';

type Schema = {
  $ref?: string;
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  'x-kubernetes-group-version-kind'?: { group?: string; version?: string; kind?: string }[];
};

interface Doc {
  components?: { schemas?: Record<string, Schema> };
  paths?: Record<
    string,
    Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string } }>
  >;
}

/** github.com/mitchellh/go-wordwrap WrapString (what kubectl's `wrap` template function uses). */
export function wrapString(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          out += space;
        }
        space = '';
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      out += ch;
      current = 0;
    } else if (/\s/u.test(ch) && ch !== '\u00a0') {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else {
    out += space + word;
  }
  return out;
}

const indent = (n: number, s: string) => {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join('\n' + pad);
};

const isObjectSchema = (x: unknown): x is Schema => !!x && typeof x === 'object';

class Renderer {
  constructor(
    private readonly doc: Doc,
    private readonly recursive: boolean,
  ) {}

  resolveRef(ref: string | undefined): Schema | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    let cur: unknown = this.doc;
    for (const k of ref.slice(1).split('/')) {
      if (k === '') continue;
      if (!cur || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[k];
      if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    }
    return cur as Schema;
  }

  description(schema: Schema): string {
    const s = this.resolveRef(schema.$ref) ?? schema;
    let out = '';
    if (s.description) out += s.description + '\n';
    for (const a of s.allOf ?? []) out += this.description(a);
    if (s.items) out += this.description(s.items);
    if (isObjectSchema(s.additionalProperties)) out += this.description(s.additionalProperties);
    return out;
  }

  typeGuess(schema: Schema): string {
    if (schema.items) return `[]${this.typeGuess(schema.items)}`;
    if (isObjectSchema(schema.additionalProperties))
      return `map[string]${this.typeGuess(schema.additionalProperties)}`;
    if (schema.allOf && !schema.properties && schema.allOf.length === 1)
      return this.typeGuess(schema.allOf[0]!);
    if (schema.$ref) {
      const refSchema = this.resolveRef(schema.$ref);
      if (!refSchema || !refSchema.type || refSchema.type === 'object') {
        const name = schema.$ref.split('/').pop() ?? '';
        return name.split('.').pop() || 'Object';
      }
      return refSchema.type || 'Object';
    }
    return schema.type === 'object' ? 'Object' : schema.type || 'Object';
  }

  extractEnum(schema: Schema, long: boolean, limit: number, indentAmount = 0): string {
    if (!schema.enum || schema.enum.length === 0) return '';
    let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
    schema.enum.forEach((el, i) => {
      if (out.endsWith(', ....')) return;
      if (limit > -1 && i >= limit) {
        out += ', ....';
        return;
      }
      if (i > 0 && !long) out += ', ';
      else if (long) out += '\n    ';
      out += el === '' ? '""' : String(el);
    });
    return out;
  }

  output(schema: Schema, fieldPath: string[], history: Set<string>): string {
    const ref = schema.$ref ?? '';
    const nextHistory = new Set(history);
    nextHistory.add(ref);
    const resolved = this.resolveRef(ref) ?? schema;
    if (fieldPath.length === 0) {
      let out = 'DESCRIPTION:\n';
      out += indent(4, wrapString(this.description(resolved) || '<empty>', 76)) + '\n';
      const fields = this.fieldList(resolved, 1, new Set());
      if (fields) out += 'FIELDS:\n' + fields;
      return out;
    }
    if (ref && history.has(ref)) return '';
    const first = fieldPath[0]!;
    if (resolved.properties && resolved.properties[first]) {
      const sub = resolved.properties[first]!;
      let out = '';
      if (fieldPath.length === 1) {
        out += `FIELD: ${first} <${this.typeGuess(sub)}>\n`;
        out += this.extractEnum(sub, true, -1) + '\n';
        out += '\n';
      }
      return out + this.output(sub, fieldPath.slice(1), new Set());
    }
    if (resolved.items) return this.output(resolved.items, fieldPath, nextHistory);
    if (isObjectSchema(resolved.additionalProperties))
      return this.output(resolved.additionalProperties, fieldPath, nextHistory);
    for (const sub of resolved.allOf ?? []) {
      const o = this.output(sub, fieldPath, nextHistory);
      if (o) return o;
    }
    return '';
  }

  fieldList(schema: Schema, level: number, history: Set<string>): string {
    const ref = schema.$ref ?? '';
    if (ref && history.has(ref)) return '';
    const next = new Set(history);
    next.add(ref);
    const resolved = this.resolveRef(ref) ?? schema;
    let out = '';
    const props = resolved.properties ?? {};
    for (const k of Object.keys(props).sort()) {
      out += this.fieldDetail(k, resolved, level);
      if (this.recursive) out += this.fieldList(props[k]!, level + 1, next);
    }
    for (const a of resolved.allOf ?? []) out += this.fieldList(a, level, next);
    if (resolved.items) out += this.fieldList(resolved.items, level, next);
    if (isObjectSchema(resolved.additionalProperties))
      out += this.fieldList(resolved.additionalProperties, level, next);
    return out;
  }

  fieldDetail(name: string, parent: Schema, level: number): string {
    const ind = level * 2;
    const field = parent.properties![name]!;
    let out = `${indent(ind, name)}\t<${this.typeGuess(field)}>`;
    if (parent.required?.includes(name)) out += ' -required-';
    out += this.extractEnum(field, false, 4, ind);
    out += '\n';
    if (!this.recursive) {
      out += indent(ind + 2, wrapString(field.description || '<no description>', 78 - ind)) + '\n';
      out += '\n';
    }
    return out;
  }
}

const sameGVK = (
  a: { group?: string; version?: string; kind?: string },
  b: { group: string; version: string; kind: string },
) => (a.group ?? '') === b.group && a.version === b.version && a.kind === b.kind;

registerCommand({
  name: 'explain',
  short: 'Get documentation for a resource',
  long: `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]
        
 Information about each field is retrieved from the server in OpenAPI format.

Use "kubectl api-resources" for a complete list of supported resources.`,
  example: `  # Get the documentation of the resource and its fields
  kubectl explain pods
  
  # Get all the fields in the resource
  kubectl explain pods --recursive
  
  # Get the explanation for deployment in supported api versions
  kubectl explain deployments --api-version=apps/v1
  
  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers
  
  # Get the documentation of resources in different format
  kubectl explain deployment --output=plaintext-openapiv2`,
  use: 'explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]',
  flags: [
    stringFlag('api-version', 'Use given api-version (group/version) of the resource.'),
    stringFlag(
      'output',
      'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).',
      {
        shorthand: 'o',
        default: 'plaintext',
      },
    ),
    boolFlag(
      'recursive',
      'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.',
    ),
  ],
  async run(inv) {
    if (inv.args.length === 0) {
      throw new KubectlError(
        'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    }
    if (inv.args.length > 1) throw new KubectlError('We accept only this format: explain RESOURCE');
    const output = inv.flags.string('output');
    if (output === 'plaintext-openapiv2') {
      throw new KubectlError(
        '--output=plaintext-openapiv2 (OpenAPI v2 explain) is not simulated in Breakfix',
      );
    }
    if (output !== 'plaintext') throw new KubectlError(`unrecognized format: ${output}`);

    const input = inv.args[0]!;
    const dot = input.indexOf('.');
    const resourceArg = dot >= 0 ? input.slice(0, dot) : input;
    const fieldPath =
      dot >= 0
        ? input
            .slice(dot + 1)
            .split('.')
            .filter((x) => x !== '')
        : [];

    const mapper = inv.kube.mapper();
    let mapping;
    try {
      // explain's mapper tries discovery twice before giving up on a stopped server.
      mapping = await mapper.withDiscoveryFailureLines(2, () => mapper.mappingFor(resourceArg));
    } catch (e) {
      if (e instanceof NoResourceMatchError) throw new NoResourceMatchError(resourceArg);
      throw e;
    }
    let { group, version } = mapping;
    const apiVersion = inv.flags.string('api-version');
    if (apiVersion) {
      const i = apiVersion.indexOf('/');
      group = i >= 0 ? apiVersion.slice(0, i) : '';
      version = i >= 0 ? apiVersion.slice(i + 1) : apiVersion;
    }
    const gvrString = `${group}/${version}, Resource=${mapping.name}`;
    const served = (await mapper.resources()).find(
      (r) => r.group === group && r.version === version && r.name === mapping.name,
    );
    const rest = inv.kube.rest();
    const index = await rest.get<{ paths?: Record<string, { serverRelativeURL: string }> }>('/openapi/v3');
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    const entry = index.paths?.[key];
    if (!entry || !served) throw new KubectlError(`couldn't find resource for ${JSON.stringify(gvrString)}`);
    const [p, q] = entry.serverRelativeURL.split('?') as [string, string | undefined];
    const query: Record<string, string> = {};
    for (const kv of (q ?? '').split('&').filter(Boolean)) {
      const [k, v] = kv.split('=');
      query[k!] = v ?? '';
    }
    const doc = await rest.get<Doc>(p, query);

    // The GVK: from the document's paths as kubectl's template does, else from discovery.
    let gvk: { group: string; version: string; kind: string } | undefined;
    const prefix = group ? `/apis/${group}` : '/api';
    for (const path of [
      `${prefix}/${version}/${mapping.name}`,
      `${prefix}/${version}/${mapping.name}/{name}`,
      `${prefix}/${version}/namespaces/{namespace}/${mapping.name}`,
      `${prefix}/${version}/namespaces/{namespace}/${mapping.name}/{name}`,
    ]) {
      const el = doc.paths?.[path];
      for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
        const g = el?.[m]?.['x-kubernetes-group-version-kind'];
        if (g && !gvk) gvk = { group: g.group ?? '', version: g.version, kind: g.kind };
      }
    }
    gvk ??= { group, version, kind: served.kind };

    let header = '';
    if (gvk.group) header += `GROUP:      ${gvk.group}\n`;
    header += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
    inv.out(header);

    const schemas = doc.components?.schemas ?? {};
    const name = Object.keys(schemas)
      .sort()
      .find((n) => (schemas[n]!['x-kubernetes-group-version-kind'] ?? []).some((x) => sameGVK(x, gvk!)));
    if (!name) {
      throw new ExitError(
        1,
        `error: GVK ${gvk.group}/${gvk.version}, Kind=${gvk.kind} not found in OpenAPI schema`,
      );
    }
    const r = new Renderer(doc, inv.flags.bool('recursive'));
    const out = r.output(schemas[name]!, fieldPath, new Set());
    if (!out)
      throw new ExitError(
        1,
        `error: field ${JSON.stringify(fieldPath[fieldPath.length - 1])} does not exist`,
      );
    inv.out(out + '\n');
  },
});
