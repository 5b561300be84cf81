/** printf(1): %s %d %i %u %x %X %o %c %f %e %g %b %%, flags and widths, backslash escapes; the format is reused while arguments remain. */
export function printf(format: string, args: string[]): string {
  let out = '';
  let ai = 0;
  const esc = (s: string) =>
    s.replace(/\\(n|t|r|\\|a|b|f|v|"|0[0-7]{0,3}|[0-7]{1,3})/g, (_m, e: string) => {
      switch (e) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case '\\':
          return '\\';
        case 'a':
          return '\x07';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'v':
          return '\v';
        case '"':
          return '"';
        default:
          return String.fromCharCode(parseInt(e, 8));
      }
    });
  do {
    const start = ai;
    out += format.replace(
      /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiuxXocfeEgGb%])/g,
      (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const arg = args[ai++] ?? '';
        let s: string;
        const num = () => {
          const n = Number(arg.startsWith("'") ? arg.charCodeAt(1) : arg);
          return Number.isFinite(n) ? n : 0;
        };
        switch (conv) {
          case 's':
            s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
            break;
          case 'b':
            s = esc(arg);
            break;
          case 'c':
            s = arg.charAt(0);
            break;
          case 'd':
          case 'i':
          case 'u':
            s = String(Math.trunc(num()));
            if (flags.includes('+') && num() >= 0) s = '+' + s;
            break;
          case 'x':
            s = Math.trunc(num()).toString(16);
            break;
          case 'X':
            s = Math.trunc(num()).toString(16).toUpperCase();
            break;
          case 'o':
            s = Math.trunc(num()).toString(8);
            break;
          case 'f':
            s = num().toFixed(prec !== undefined ? Number(prec) : 6);
            break;
          case 'e':
          case 'E':
            s = num()
              .toExponential(prec !== undefined ? Number(prec) : 6)
              .replace(/e([+-])(\d)$/, 'e$10$2');
            if (conv === 'E') s = s.toUpperCase();
            break;
          default:
            s = String(num());
        }
        const w = width === '*' ? Number(args[ai++] ?? 0) : Number(width ?? 0);
        if (s.length < w)
          s = flags.includes('-')
            ? s.padEnd(w)
            : flags.includes('0') && /[dixXofeg]/.test(conv)
              ? s.padStart(w, '0')
              : s.padStart(w);
        return s;
      },
    );
    if (ai === start) break;
  } while (ai < args.length);
  return esc(out);
}
