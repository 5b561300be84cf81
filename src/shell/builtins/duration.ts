/** GNU sleep/timeout durations: a number (decimals allowed) with an optional s, m, h or d suffix. */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as '' | 's' | 'm' | 'h' | 'd'
  ];
  return Math.round(n * unit);
}
