/**
 * Server-side printing: when the Accept header asks for `as=Table` (kubectl get does), GET and
 * LIST answer with a meta.k8s.io/v1 Table made by the resource's printer (./printers), and a
 * watch sends one single-row Table per event, with the column definitions only on the first
 * (watchEmbeddedEncoder sets NoHeaders after the first object).
 */
import type { ApiRequest, ApiResponse } from '../../api/client';
import type { KubeObject, Table } from '../../api/types';
import { newBadRequest } from './errors';
import { toTable } from './printers/index';
import type { ListResult } from './read';
import { ok, type RequestContext } from './server';

export function wantsTable(req: ApiRequest): boolean {
  const accept = req.headers?.accept;
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && !params.some((p) => p.startsWith('g=') && p !== 'g=meta.k8s.io');
  });
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

function includeObject(ctx: RequestContext): IncludeObject {
  const v = ctx.query.includeObject;
  if (v === undefined || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw newBadRequest(`unrecognized includeObject value: ${JSON.stringify(v)}`);
}

/** The Table for a GET (one object) or a LIST. */
export function toTableResponse(ctx: RequestContext, result: KubeObject | ListResult): ApiResponse {
  const opts = { now: ctx.server.clock.now(), includeObject: includeObject(ctx), noHeaders: false };
  const table: Table =
    'list' in result && 'objects' in result
      ? toTable(ctx.info, { ...(result as ListResult).list, items: (result as ListResult).objects }, opts)
      : toTable(ctx.info, result as KubeObject, opts);
  return ok(table);
}

/** A per-event Table converter for a watch: headers on the first event only. */
export function tableForWatch(ctx: RequestContext): (obj: KubeObject) => Table {
  const include = includeObject(ctx);
  let first = true;
  return (obj) => {
    const table = toTable(ctx.info, obj, {
      now: ctx.server.clock.now(),
      includeObject: include,
      noHeaders: !first,
    });
    first = false;
    return table;
  };
}
