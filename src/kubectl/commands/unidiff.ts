/**
 * `diff -u -N` as `kubectl diff` runs it on its LIVE and MERGED directories: a minimal
 * line diff (Myers' O(ND) algorithm) printed as GNU diff's unified format with three lines of
 * context, hunks closer than 2×context merged, and `@@ -l,s +l,s @@` ranges where a one-line
 * range drops its length and an empty range names the line before it.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Which lines GNU diff reports as deleted (file 0) and inserted (file 1). This follows
 * diffutils' analyze.c step by step, because among the many minimal diffs GNU diff picks a
 * particular one and students compare `kubectl diff` output with the real thing: skip the
 * identical prefix and suffix (keeping `horizon` lines of them), set aside lines that match
 * nothing on the other side (discard_confusing_lines), find the middle snake recursively
 * (compareseq/diag), then slide runs of changes to join their neighbours (shift_boundaries).
 */
function gnuChanged(a: string[], b: string[], horizon: number): [Uint8Array, Uint8Array] {
  const n = a.length;
  const m = b.length;
  let prefix = 0;
  while (prefix < n && prefix < m && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] === b[m - 1 - suffix]) suffix++;
  const lo = Math.max(0, prefix - horizon);
  const hi0 = Math.min(n, n - suffix + horizon);
  const hi1 = Math.min(m, m - suffix + horizon);
  const len = [hi0 - lo, hi1 - lo];

  // Equivalence classes (1-based) of the buffered lines.
  const classes = new Map<string, number>();
  const classOf = (line: string): number => {
    let c = classes.get(line);
    if (c === undefined) {
      c = classes.size + 1;
      classes.set(line, c);
    }
    return c;
  };
  const equivs = [a.slice(lo, hi0).map(classOf), b.slice(lo, hi1).map(classOf)] as const;
  // changed[f] has a zero sentinel before and after the lines (index offset 1).
  const changed = [new Uint8Array(len[0]! + 2), new Uint8Array(len[1]! + 2)] as const;

  // discard_confusing_lines
  const counts = [new Map<number, number>(), new Map<number, number>()] as const;
  for (let f = 0; f < 2; f++) for (const e of equivs[f]!) counts[f]!.set(e, (counts[f]!.get(e) ?? 0) + 1);
  const discards = [new Uint8Array(len[0]!), new Uint8Array(len[1]!)] as const;
  for (let f = 0; f < 2; f++) {
    const end = len[f]!;
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem >>= 2) > 0) many *= 2;
    for (let i = 0; i < end; i++) {
      const nmatch = counts[1 - f]!.get(equivs[f]![i]!) ?? 0;
      if (nmatch === 0) discards[f]![i] = 1;
      else if (nmatch > many) discards[f]![i] = 2;
    }
  }
  for (let f = 0; f < 2; f++) {
    const end = len[f]!;
    const d = discards[f]!;
    for (let i = 0; i < end; i++) {
      if (d[i] === 2) d[i] = 0;
      else if (d[i] !== 0) {
        let j: number;
        let provisional = 0;
        for (j = i; j < end; j++) {
          if (d[j] === 0) break;
          if (d[j] === 2) provisional++;
        }
        while (j > i && d[j - 1] === 2) {
          d[--j] = 0;
          provisional--;
        }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (d[--j] === 2) d[j] = 0;
        } else {
          let minimum = 1;
          let t = length >> 2;
          while (0 < (t >>= 2)) minimum <<= 1;
          minimum++;
          let consec = 0;
          for (j = 0; j < length; j++) {
            if (d[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) d[i + j] = 0;
          }
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i + j] === 1) break;
            if (d[i + j] === 2) {
              consec = 0;
              d[i + j] = 0;
            } else if (d[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i - j] === 1) break;
            if (d[i - j] === 2) {
              consec = 0;
              d[i - j] = 0;
            } else if (d[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
  }
  const undiscarded: number[][] = [[], []];
  const realindexes: number[][] = [[], []];
  for (let f = 0; f < 2; f++) {
    for (let i = 0; i < len[f]!; i++) {
      if (discards[f]![i] === 0) {
        undiscarded[f]!.push(equivs[f]![i]!);
        realindexes[f]!.push(i);
      } else changed[f]![i + 1] = 1;
    }
  }

  // compareseq / diag
  const xv = undiscarded[0]!;
  const yv = undiscarded[1]!;
  let diags = xv.length + yv.length + 3;
  let tooExpensive = 1;
  for (; diags !== 0; diags >>= 2) tooExpensive <<= 1;
  tooExpensive = Math.max(4096, tooExpensive);
  const fd = new Map<number, number>();
  const bd = new Map<number, number>();
  const get = (mp: Map<number, number>, k: number): number => mp.get(k) ?? 0;
  const diag = (
    xoff: number,
    xlim: number,
    yoff: number,
    ylim: number,
    minimal: boolean,
  ): [number, number, boolean, boolean] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd.set(fmid, xoff);
    bd.set(bmid, xlim);
    for (let c = 1; ; ++c) {
      if (fmin > dmin) fd.set(--fmin - 1, -1);
      else ++fmin;
      if (fmax < dmax) fd.set(++fmax + 1, -1);
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = get(fd, d - 1);
        const thi = get(fd, d + 1);
        let x = tlo >= thi ? tlo + 1 : thi;
        let y = x - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd.set(d, x);
        if (odd && bmin <= d && d <= bmax && get(bd, d) <= x) return [x, y, true, true];
      }
      if (bmin > dmin) bd.set(--bmin - 1, Number.MAX_SAFE_INTEGER);
      else ++bmin;
      if (bmax < dmax) bd.set(++bmax + 1, Number.MAX_SAFE_INTEGER);
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = get(bd, d - 1);
        const thi = get(bd, d + 1);
        let x = tlo < thi ? tlo : thi - 1;
        let y = x - d;
        while (x > xoff && y > yoff && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd.set(d, x);
        if (!odd && fmin <= d && d <= fmax && x <= get(fd, d)) return [x, y, true, true];
      }
      if (minimal) continue;
      if (c >= tooExpensive) {
        let fxybest = -1;
        let fxbest = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          let x = Math.min(get(fd, d), xlim);
          let y = x - d;
          if (ylim < y) {
            x = ylim + d;
            y = ylim;
          }
          if (fxybest < x + y) {
            fxybest = x + y;
            fxbest = x;
          }
        }
        let bxybest = Number.MAX_SAFE_INTEGER;
        let bxbest = 0;
        for (let d = bmax; d >= bmin; d -= 2) {
          let x = Math.max(xoff, get(bd, d));
          let y = x - d;
          if (y < yoff) {
            x = yoff + d;
            y = yoff;
          }
          if (x + y < bxybest) {
            bxybest = x + y;
            bxbest = x;
          }
        }
        if (xlim + ylim - bxybest < fxybest - (xoff + yoff)) return [fxbest, fxybest - fxbest, true, false];
        return [bxbest, bxybest - bxbest, false, true];
      }
    }
  };
  const compareseq = (xoff: number, xlim: number, yoff: number, ylim: number, minimal: boolean): void => {
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xlim > xoff && ylim > yoff && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) while (yoff < ylim) changed[1]![realindexes[1]![yoff++]! + 1] = 1;
    else if (yoff === ylim) while (xoff < xlim) changed[0]![realindexes[0]![xoff++]! + 1] = 1;
    else {
      const [xmid, ymid, loMin, hiMin] = diag(xoff, xlim, yoff, ylim, minimal);
      compareseq(xoff, xmid, yoff, ymid, loMin);
      compareseq(xmid, xlim, ymid, ylim, hiMin);
    }
  };
  compareseq(0, xv.length, 0, yv.length, false);

  // shift_boundaries (indices into changed are offset by one for the leading sentinel)
  for (let f = 0; f < 2; f++) {
    const ch = changed[f]!;
    const other = changed[1 - f]!;
    const eq = equivs[f]!;
    const C = (i: number): number => ch[i + 1]!;
    const O = (j: number): number => other[j + 1]!;
    let i = 0;
    let j = 0;
    const iEnd = len[f]!;
    for (;;) {
      while (i < iEnd && !C(i)) {
        while (O(j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (C(++i));
      while (O(j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && eq[start - 1] === eq[i - 1]) {
          ch[--start + 1] = 1;
          ch[--i + 1] = 0;
          while (C(start - 1)) start--;
          while (O(--j));
        }
        corresponding = O(j - 1) ? i : iEnd;
        while (i !== iEnd && eq[start] === eq[i]) {
          ch[start++ + 1] = 0;
          ch[i++ + 1] = 1;
          while (C(i)) i++;
          while (O(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        ch[--start + 1] = 1;
        ch[--i + 1] = 0;
        while (O(--j));
      }
    }
  }
  const full0 = new Uint8Array(n);
  const full1 = new Uint8Array(m);
  for (let i = 0; i < len[0]!; i++) full0[lo + i] = changed[0]![i + 1]!;
  for (let i = 0; i < len[1]!; i++) full1[lo + i] = changed[1]![i + 1]!;
  return [full0, full1];
}

/** The edit script as context/delete/insert lines, deletions before insertions in a change. */
function diffLines(a: string[], b: string[], horizon: number): Op[] {
  const [c0, c1] = gnuChanged(a, b, horizon);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if ((i < a.length && c0[i]) || (j < b.length && c1[j])) {
      while (i < a.length && c0[i]) ops.push({ kind: '-', line: a[i++]! });
      while (j < b.length && c1[j]) ops.push({ kind: '+', line: b[j++]! });
    } else {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    }
  }
  return ops;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start - 1 < 0 ? 0 : start - 1},0`;
  if (count === 1) return `${start}`;
  return `${start},${count}`;
}

/** The hunks of `diff -u` (without the ---/+++ header), or '' when the texts are equal. */
export function unifiedHunks(from: string, to: string, context = 3): string {
  const a = splitLines(from);
  const b = splitLines(to);
  const ops = diffLines(a, b, context);
  const changed = ops.map((o) => o.kind !== ' ');
  if (!changed.includes(true)) return '';
  // Group change indices into hunks.
  const hunks: [number, number][] = [];
  let i = 0;
  while (i < ops.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    let start = Math.max(0, i - context);
    let end = i;
    while (end < ops.length) {
      // extend through changes and short unchanged gaps
      if (changed[end]) {
        end++;
        continue;
      }
      let j = end;
      while (j < ops.length && !changed[j]) j++;
      if (j < ops.length && j - end <= 2 * context) end = j;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    if (hunks.length > 0 && start <= hunks[hunks.length - 1]![1]) start = hunks.pop()![0];
    hunks.push([start, stop]);
    i = stop;
  }
  let out = '';
  for (const [start, stop] of hunks) {
    // Line numbers at the hunk start.
    let aLine = 1;
    let bLine = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k]!.kind !== '+') aLine++;
      if (ops[k]!.kind !== '-') bLine++;
    }
    let aCount = 0;
    let bCount = 0;
    let body = '';
    for (let k = start; k < stop; k++) {
      const op = ops[k]!;
      if (op.kind !== '+') aCount++;
      if (op.kind !== '-') bCount++;
      body += `${op.kind}${op.line}\n`;
    }
    out += `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@\n${body}`;
  }
  return out;
}

/** GNU diff's header timestamp: `2025-01-01 00:00:00.000000000 +0000` (UTC). */
export function diffTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const nanos = p(((ms % 1000) + 1000) % 1000, 3) + '000000';
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${nanos} +0000`
  );
}

/**
 * One file's section of `diff -u -N FROMDIR TODIR` output (`program` is the command line the
 * header repeats). A missing file (undefined) is empty, as -N treats it.
 */
export function unifiedFileDiff(
  fromPath: string,
  toPath: string,
  from: string | undefined,
  to: string | undefined,
  timeMs: number,
  program = 'diff -u -N',
): string {
  const hunks = unifiedHunks(from ?? '', to ?? '');
  if (!hunks) return '';
  const time = diffTimestamp(timeMs);
  return `${program} ${fromPath} ${toPath}\n--- ${fromPath}\t${time}\n+++ ${toPath}\t${time}\n${hunks}`;
}
