import type { PointerEvent as ReactPointerEvent } from 'react';

/**
 * A drag handle between two panels. `onDrag` gets the pointer's movement since the drag began
 * (along the splitter's axis) and the size the panel had then.
 */
export function Splitter({
  axis,
  size,
  onResize,
  invert = false,
  min,
  max,
  testId,
}: {
  axis: 'x' | 'y';
  size: number;
  onResize(size: number): void;
  invert?: boolean;
  min: number;
  max: number;
  testId?: string;
}) {
  const down = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const start = axis === 'x' ? e.clientX : e.clientY;
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const delta = (axis === 'x' ? ev.clientX : ev.clientY) - start;
      onResize(Math.round(Math.min(max, Math.max(min, size + (invert ? -delta : delta)))));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      data-testid={testId}
      onPointerDown={down}
    />
  );
}
