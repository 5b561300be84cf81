import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { KubeObject } from '../../api/types';
import type { InspectWhat } from '../../worker/protocol';
import type { MessageKey } from '../../i18n/index';
import { useRuntime } from '../runtime';
import { useT } from '../state/prefs';
import { viewStore } from '../state/view';

type Tab = 'yaml' | 'describe' | 'events' | 'logs' | 'scheduling';

const TAB_LABELS: Record<Tab, MessageKey> = {
  yaml: 'inspector.yaml',
  describe: 'inspector.describe',
  events: 'inspector.events',
  logs: 'inspector.logs',
  scheduling: 'inspector.scheduling',
};

interface EventLike extends KubeObject {
  involvedObject?: { uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string };
  reportingComponent?: string;
}

/** kubectl's short durations: 45s, 3m12s, 5h, 2d. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Columns padded like kubectl's tabwriter (three spaces between columns). */
export function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join(''))
    .join('\n');
}

/**
 * What one object is, in kubectl's words: `get -o yaml`, `describe`, its events, and for pods
 * their logs and why they are (not) scheduled. Reloads when the object changes.
 */
export function Inspector() {
  const rt = useRuntime();
  const t = useT();
  const uid = useStore(viewStore, (v) => v.selected);
  const entry = useStore(rt.mirror, (m) => (uid ? m.objects.get(uid) : undefined));
  const caps = useStore(rt.mirror, (m) => m.capabilities);
  const [tab, setTab] = useState<Tab>('describe');
  const [text, setText] = useState<{ key: string; output: string } | null>(null);
  const obj = entry?.object;
  const rv = obj?.metadata.resourceVersion;
  const isPod = obj?.kind === 'Pod';
  const pending = isPod && !(obj as { spec?: { nodeName?: string } }).spec?.nodeName;
  const tabs: Tab[] = [
    'describe',
    'yaml',
    'events',
    ...(isPod ? (['logs'] as Tab[]) : []),
    ...(pending ? (['scheduling'] as Tab[]) : []),
  ];
  const shown: Tab = tabs.includes(tab) ? tab : 'describe';
  const what: InspectWhat | undefined =
    shown === 'events' ? undefined : shown === 'scheduling' && !caps.schedulerDecisions ? undefined : shown;
  const key = `${uid}/${shown}/${rv}`;

  useEffect(() => {
    if (!uid || !what) return;
    let stale = false;
    const timer = setTimeout(() => {
      rt.client.call('inspect', { uid, what }).then(
        (r) => !stale && setText({ key, output: r.output }),
        (e: Error) => !stale && setText({ key, output: e.message }),
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [rt, uid, what, key]);

  const now = useStore(rt.mirror, (m) => Math.floor(m.now / 1000) * 1000);
  const events = useStore(rt.mirror, (m) =>
    uid && (shown === 'events' || shown === 'scheduling')
      ? [...m.objects.values()]
          .map((o) => o.object as EventLike)
          .filter((e) => e.kind === 'Event' && e.involvedObject?.uid === uid)
          .map((e) => {
            const when =
              Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '') || 0;
            return [
              when,
              e.type ?? '',
              e.reason ?? '',
              e.source?.component ?? e.reportingComponent ?? '',
              e.message ?? '',
              e.count ?? 1,
            ].join('\t');
          })
          .sort()
          .join('\n')
      : '',
  );

  if (!uid || !obj) return null;
  const close = () => viewStore.setState({ selected: null });
  let body: string;
  if (shown === 'events' || (shown === 'scheduling' && !caps.schedulerDecisions)) {
    const rows = events
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [when, type, reason, from, message, count] = line.split('\t');
        const age = shortDuration(now - Number(when));
        return [type!, reason!, Number(count) > 1 ? `${age} (x${count})` : age, from!, message!];
      });
    const table = rows.length
      ? columns([['TYPE', 'REASON', 'AGE', 'FROM', 'MESSAGE'], ...rows])
      : t('inspector.noEvents');
    if (shown === 'scheduling') {
      const conds = (
        (
          obj as {
            status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
          }
        ).status?.conditions ?? []
      )
        .map(
          (c) =>
            `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
        )
        .join('\n');
      body = `${t('inspector.schedulingNone')}\n\n${conds}\n\n${table}`;
    } else body = table;
  } else {
    body = text?.key === key ? text.output : t('inspector.loading');
  }

  return (
    <aside className="inspector" data-testid="inspector">
      <header>
        <strong>
          {obj.kind}/{obj.metadata.name}
        </strong>
        {obj.metadata.namespace && <span className="muted"> -n {obj.metadata.namespace}</span>}
        <button
          className="close"
          onClick={close}
          aria-label={t('inspector.close')}
          data-testid="inspector-close"
        >
          ×
        </button>
      </header>
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x}
            role="tab"
            aria-selected={x === shown}
            className={`tab ${x === shown ? 'active' : ''}`}
            data-testid={`inspector-tab-${x}`}
            onClick={() => setTab(x)}
          >
            {t(TAB_LABELS[x])}
          </button>
        ))}
      </div>
      <pre className="inspector-body" data-testid="inspector-body">
        {body}
      </pre>
    </aside>
  );
}
