/** logs: what kubectl logs shows, for one pod or any pod of a selector. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse, KubeClient } from '../../../src/api/client';
import { evaluateCheck } from '../../../src/lessons/checks/index';
import { ghostPod, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});

const POD_LOG = (name: string) => `/api/v1/namespaces/default/pods/${name}/log`;

/** The cluster, with the log subresource answered by the test (the node agent serves it later). */
function withLogs(base: KubeClient, logs: Record<string, ApiResponse>, seen: string[] = []): KubeClient {
  return {
    request: async (req) => {
      const answer = logs[req.path];
      if (req.method === 'GET' && req.path.endsWith('/log')) {
        seen.push(`${req.path}?${new URLSearchParams(req.query ?? {}).toString()}`);
        return (
          answer ?? {
            status: 404,
            body: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: 'not found', code: 404 },
          }
        );
      }
      return base.request(req);
    },
    watch: (req, onEvent) => base.watch(req, onEvent),
  };
}

const textLog = (body: string): ApiResponse => ({ status: 200, body, contentType: 'text/plain' });

describe('logs', () => {
  it('matches a line of one pod, and quotes the last line when it does not', async () => {
    const seen: string[] = [];
    const client = withLogs(
      env.client,
      { [POD_LOG('myapp')]: textLog('Starting server on port 8080\n') },
      seen,
    );
    const c = { check: 'logs', pod: 'myapp', container: 'hello-server', matches: 'port 8081$' } as const;
    const r = await evaluateCheck(env.ctx({ client }), c);
    expect(r.title).toEqual({
      en: '`kubectl logs myapp -c hello-server` shows a line matching /port 8081$/',
      ja: '`kubectl logs myapp -c hello-server` に /port 8081$/ に一致する行が出ている',
    });
    expect(r.detail).toEqual({
      en: 'No line matches /port 8081$/ yet; the last line `kubectl logs myapp -c hello-server` shows is "Starting server on port 8080".',
      ja: '/port 8081$/ に一致する行はまだありません。`kubectl logs myapp -c hello-server` の最後の行は "Starting server on port 8080" です。',
    });
    expect(seen).toEqual(['/api/v1/namespaces/default/pods/myapp/log?container=hello-server']);
    expect((await evaluateCheck(env.ctx({ client }), { ...c, matches: 'port 8080$' })).passed).toBe(true);
  });

  it('passes the Status message on when the log cannot be read', async () => {
    const client = withLogs(env.client, {
      [POD_LOG('myapp')]: {
        status: 400,
        body: {
          apiVersion: 'v1',
          kind: 'Status',
          metadata: {},
          status: 'Failure',
          message: 'container "hello-server" in pod "myapp" is waiting to start: trying and failing to pull image',
          reason: 'BadRequest',
          code: 400,
        },
      },
    });
    const r = await evaluateCheck(env.ctx({ client }), { check: 'logs', pod: 'myapp', previous: true, matches: 'x' });
    expect(r.title.en).toBe('`kubectl logs myapp -p` shows a line matching /x/');
    expect(r.detail?.en).toBe(
      '`kubectl logs myapp -p` fails: container "hello-server" in pod "myapp" is waiting to start: trying and failing to pull image',
    );
  });

  it('with a selector, any matching pod may show the line', async () => {
    await env.create('/api/v1/namespaces/default/pods', ghostPod('ping-1', { app: 'ping' }));
    await env.create('/api/v1/namespaces/default/pods', ghostPod('ping-2', { app: 'ping' }));
    const client = withLogs(env.client, {
      [POD_LOG('ping-1')]: textLog('connect to 10.96.0.20 port 8081 failed: Connection refused\n'),
      [POD_LOG('ping-2')]: textLog('< HTTP/1.1 200 OK\nHello, world!\n'),
    });
    const ok = await evaluateCheck(env.ctx({ client }), { check: 'logs', selector: 'app=ping', matches: '^Hello' });
    expect(ok.passed).toBe(true);
    const none = await evaluateCheck(env.ctx({ client }), { check: 'logs', selector: 'app=nope', matches: 'x' });
    expect(none.detail?.en).toBe('No Pod matches app=nope in namespace default.');
    const empty = await evaluateCheck(env.ctx({ client: withLogs(env.client, { [POD_LOG('ping-1')]: textLog('') }) }), {
      check: 'logs',
      pod: 'ping-1',
      matches: 'x',
    });
    expect(empty.detail).toEqual({
      en: '`kubectl logs ping-1` shows nothing yet.',
      ja: '`kubectl logs ping-1` にはまだ何も出ていません。',
    });
  });
});
