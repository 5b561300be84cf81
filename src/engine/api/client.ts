/**
 * The in-process KubeClient: what kubectl, the shell and the UI use to reach the API server
 * without a network. Each request is served synchronously, then the clock settles (every
 * zero-delay timer runs: watch deliveries, controllers reacting to the write …) before the
 * promise resolves, so a command sees the cluster as it is after everything its request set
 * off at this instant.
 *
 * Like a real HTTP client, it gets a copy of every response body (JSON has no shared
 * references): callers may modify what they receive. The client never throws; an exception
 * inside the server becomes a 500 InternalError Status.
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchResult } from '../../api/client';
import type { WatchEvent } from '../../api/types';
import type { SimClock } from '../clock';
import { errorToStatus } from './errors';
import { deepClone } from './objects';
import { loadSchemaDescriptions, schemaDescriptionsLoaded } from './schema/descriptions';
import type { ApiServer } from './server';

export function createLocalClient(server: ApiServer, clock: SimClock): KubeClient {
  const settle = (): void => {
    try {
      clock.settle();
    } catch {
      // A failing timer is the engine's bug, not the request's: the response stands.
    }
  };
  return {
    async request(req: ApiRequest): Promise<ApiResponse> {
      // The OpenAPI documents carry the schema's descriptions, which the browser loads on first
      // use (schema/descriptions.ts); in Node they are always there and nothing is awaited.
      if (req.path.startsWith('/openapi') && !schemaDescriptionsLoaded()) await loadSchemaDescriptions();
      let res: ApiResponse;
      try {
        res = server.handle(deepClone(req));
        res = { ...res, body: deepClone(res.body) };
      } catch (e) {
        const status = errorToStatus(e);
        res = { status: status.code, body: status, contentType: 'application/json' };
      }
      settle();
      return res;
    },
    async watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchResult> {
      let result: WatchResult;
      try {
        result = server.watch(deepClone(req), (e) => onEvent(deepClone(e)));
        if (!result.ok)
          result = { ok: false, response: { ...result.response, body: deepClone(result.response.body) } };
      } catch (e) {
        const status = errorToStatus(e);
        result = {
          ok: false,
          response: { status: status.code, body: status, contentType: 'application/json' },
        };
      }
      settle();
      return result;
    },
  };
}
