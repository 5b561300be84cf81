import { useStore } from 'zustand';
import type { MessageKey } from '../../i18n/index';
import type { ActionName } from '../../worker/protocol';
import { useRuntime, type Runtime } from '../runtime';
import { useT } from '../state/prefs';
import { toast, viewStore } from '../state/view';

interface Item {
  key: string;
  label: MessageKey;
  suffix?: string;
  run: () => void;
  disabled?: boolean;
}

/** Run a context-menu action in the worker and report what kubectl would have printed. */
export function runAction(rt: Runtime, action: ActionName, uid: string, container?: string): void {
  void rt.client.call('action', { action, uid, ...(container ? { container } : {}) }).then(
    (r) => {
      const text = r.output.trim();
      if (text) toast(text, r.status !== 0);
    },
    (e: Error) => toast(e.message, true),
  );
}

/** Break and repair things: delete a pod, kill a container, cordon or stop a node, edit. */
export function ContextMenu() {
  const rt = useRuntime();
  const t = useT();
  const menu = useStore(viewStore, (v) => v.menu);
  const entry = useStore(rt.mirror, (m) => (menu ? m.objects.get(menu.uid) : undefined));
  const caps = useStore(rt.mirror, (m) => m.capabilities);
  if (!menu || !entry) return null;
  const obj = entry.object;
  const uid = menu.uid;
  const close = () => viewStore.setState({ menu: null });
  const act = (action: ActionName, container?: string) => () => {
    close();
    runAction(rt, action, uid, container);
  };
  const items: Item[] = [];
  if (obj.kind === 'Pod') {
    items.push({ key: 'deletePod', label: 'menu.deletePod', run: act('deletePod') });
    const containers = ((obj as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map(
      (c) => c.name,
    );
    for (const c of containers.length ? containers : [''])
      items.push({
        key: containers.length > 1 ? `killContainer-${c}` : 'killContainer',
        label: 'menu.killContainer',
        suffix: containers.length > 1 ? c : undefined,
        run: act('killContainer', c || undefined),
        disabled: !caps.killContainer,
      });
  } else if (obj.kind === 'Node') {
    const cordoned = (obj as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true;
    items.push(
      cordoned
        ? { key: 'uncordon', label: 'menu.uncordon', run: act('uncordon') }
        : { key: 'cordon', label: 'menu.cordon', run: act('cordon') },
      { key: 'stopNode', label: 'menu.stopNode', run: act('stopNode'), disabled: !caps.stopNode },
      { key: 'startNode', label: 'menu.startNode', run: act('startNode'), disabled: !caps.startNode },
    );
  } else {
    items.push({ key: 'delete', label: 'menu.delete', run: act('delete') });
  }
  items.push(
    { key: 'openInEditor', label: 'menu.openInEditor', run: act('edit') },
    {
      key: 'describe',
      label: 'menu.describe',
      run: () => {
        close();
        viewStore.setState({ selected: uid });
      },
    },
  );
  return (
    <div
      className="context-menu"
      data-testid="context-menu"
      role="menu"
      style={{ left: menu.x, top: menu.y }}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div className="context-menu-title">
        {obj.kind}/{obj.metadata.name}
      </div>
      {items.map((i) => (
        // The title sits on a wrapper: a disabled button gets no mouse events, so no tooltip.
        <span key={i.key} title={i.disabled ? t('menu.notAvailable') : undefined}>
          <button role="menuitem" data-testid={`menu-${i.key}`} disabled={i.disabled} onClick={i.run}>
            {t(i.label)}
            {i.suffix ? ` (${i.suffix})` : ''}
          </button>
        </span>
      ))}
    </div>
  );
}
