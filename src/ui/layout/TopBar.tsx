import { useRef } from 'react';
import { useStore } from 'zustand';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../i18n/index';
import { encodeShare, exportFile, importFile } from '../persist/share';
import { useRuntime } from '../runtime';
import { prefsStore, SPEEDS, usePrefs, useT } from '../state/prefs';
import { toast } from '../state/view';

/** Simulated time as the cluster's clocks show it (UTC). */
export function formatSimTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

function TimeControls() {
  const rt = useRuntime();
  const t = useT();
  const speed = usePrefs((p) => p.speed);
  const lastSpeed = usePrefs((p) => p.lastSpeed);
  const now = useStore(rt.mirror, (m) => m.now);
  const ready = useStore(rt.mirror, (m) => m.ready);
  const paused = speed === 0;
  return (
    <div className="time-controls" data-testid="time-controls" role="group" aria-label={t('time.speed')}>
      <button
        data-testid="time-pause"
        aria-pressed={paused}
        title={paused ? t('time.resume') : t('time.pause')}
        onClick={() =>
          prefsStore.setState(paused ? { speed: lastSpeed || 1 } : { speed: 0, lastSpeed: speed })
        }
      >
        {/* Geometric shapes that every font has (the media-control emoji need an emoji font). */}
        {paused ? '▶' : '▮▮'}
      </button>
      <button
        data-testid="time-step"
        title={t('time.step')}
        disabled={!ready}
        onClick={() => rt.client.send({ type: 'step', ms: 1000 })}
      >
        ▶▮
      </button>
      {SPEEDS.map((s) => (
        <button
          key={s}
          data-testid={`speed-${s}`}
          aria-pressed={speed === s}
          className={speed === s ? 'active' : ''}
          onClick={() => prefsStore.setState({ speed: s, lastSpeed: s })}
        >
          {s}×
        </button>
      ))}
      <span className="sim-time" data-testid="sim-time" title={t('time.simulated')}>
        {ready ? formatSimTime(now) : '—'}
        {paused && <em> ({t('time.paused')})</em>}
      </span>
    </div>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function TopBar() {
  const rt = useRuntime();
  const t = useT();
  const locale = usePrefs((p) => p.locale);
  const theme = usePrefs((p) => p.theme);
  const preset = useStore(rt.mirror, (m) => m.preset);
  const presets = useStore(rt.mirror, (m) => m.presets);
  const save = useStore(rt.saveStatus, (s) => s.status);
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = (p: string) => {
    if (window.confirm(t('top.resetConfirm', { preset: p }))) rt.reset(p);
  };
  const share = async () => {
    const url = `${location.origin}${location.pathname}${encodeShare(rt.snapshot())}`;
    try {
      await navigator.clipboard.writeText(url);
      toast(t('top.shareCopied'));
    } catch {
      window.prompt(t('top.shareReady'), url);
    }
  };
  const importChosen = async (file: File) => {
    try {
      await rt.replaceAndReload(importFile(await file.text()));
    } catch (e) {
      toast(t('top.importFailed', { error: e instanceof Error ? e.message : String(e) }), true);
    }
  };

  return (
    <header className="top-bar" data-testid="top-bar">
      <strong className="brand">{t('app.title')}</strong>
      <label className="field">
        {t('top.preset')}{' '}
        <select data-testid="preset" value={preset} onChange={(e) => reset(e.target.value)}>
          {(presets.length ? presets : [preset]).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <TimeControls />
      <button data-testid="reset" onClick={() => reset(preset)}>
        {t('top.reset')}
      </button>
      <span className="spacer" />
      <button
        data-testid="export"
        onClick={() =>
          download(
            `breakfix-${formatSimTime(rt.mirror.getState().now).replace(/[: ]/g, '-')}.json`,
            exportFile(rt.snapshot()),
          )
        }
      >
        {t('top.export')}
      </button>
      <button data-testid="import" onClick={() => fileInput.current?.click()}>
        {t('top.import')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importChosen(f);
          e.target.value = '';
        }}
      />
      <button data-testid="share" onClick={() => void share()}>
        {t('top.share')}
      </button>
      <select
        data-testid="language"
        aria-label={t('top.language')}
        value={locale}
        onChange={(e) => prefsStore.setState({ locale: e.target.value as Locale })}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <button
        data-testid="theme"
        title={t('top.theme')}
        onClick={() => prefsStore.setState({ theme: theme === 'dark' ? 'light' : 'dark' })}
      >
        {theme === 'dark' ? t('top.themeLight') : t('top.themeDark')}
      </button>
      <span className="save-status muted" data-testid="save-status" data-status={save}>
        {save === 'saving' ? t('top.saving') : save === 'saved' ? t('top.saved') : ''}
      </span>
    </header>
  );
}
