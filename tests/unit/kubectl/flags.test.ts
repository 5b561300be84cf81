import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolFlag,
  durationFlag,
  FlagError,
  FlagSet,
  formatGoDuration,
  intFlag,
  parseGoDuration,
  readCsvLine,
  stringArrayFlag,
  stringFlag,
  stringSliceFlag,
} from '../../../src/kubectl/flags';

const specs = () => [
  stringFlag('namespace', 'ns', { shorthand: 'n' }),
  stringFlag('output', 'out', { shorthand: 'o' }),
  boolFlag('watch', 'w', { shorthand: 'w' }),
  boolFlag('all-namespaces', 'A', { shorthand: 'A' }),
  boolFlag('stdin', 'i', { shorthand: 'i' }),
  boolFlag('tty', 't', { shorthand: 't' }),
  intFlag('v', 0, 'v', { shorthand: 'v' }),
  intFlag('chunk-size', 500, 'chunk'),
  stringSliceFlag('filename', 'f', { shorthand: 'f' }),
  stringArrayFlag('from-literal', 'lit'),
  durationFlag('timeout', 0, 'timeout'),
  { ...stringFlag('dry-run', 'dry'), default: 'none', noOptDefVal: 'unchanged' },
];

function parse(args: string[]) {
  const fs = new FlagSet(specs());
  const r = fs.parse(args);
  return { fs, ...r };
}

const err = (args: string[]) => {
  try {
    parse(args);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('pflag semantics', () => {
  it('reads long and short forms, with = or a separate value', () => {
    for (const args of [['--namespace', 'dev'], ['--namespace=dev'], ['-n', 'dev'], ['-ndev'], ['-n=dev']]) {
      expect(parse(args).fs.string('namespace')).toBe('dev');
    }
  });

  it('combines short bool flags and ends at a value-taking one', () => {
    const { fs, positional } = parse(['-itA', 'pods']);
    expect([fs.bool('stdin'), fs.bool('tty'), fs.bool('all-namespaces')]).toEqual([true, true, true]);
    expect(positional).toEqual(['pods']);
    const r = parse(['-wnkube-system']);
    expect(r.fs.bool('watch')).toBe(true);
    expect(r.fs.string('namespace')).toBe('kube-system');
  });

  it('never lets a bool flag take the next word', () => {
    const { fs, positional } = parse(['--watch', 'false', 'pods']);
    expect(fs.bool('watch')).toBe(true);
    expect(positional).toEqual(['false', 'pods']);
    expect(parse(['--watch=false']).fs.bool('watch')).toBe(false);
    expect(parse(['-w=0']).fs.bool('watch')).toBe(false);
  });

  it('uses NoOptDefVal for string flags given without a value', () => {
    expect(parse(['--dry-run']).fs.string('dry-run')).toBe('unchanged');
    expect(parse(['--dry-run', 'client']).positional).toEqual(['client']);
    expect(parse(['--dry-run=client']).fs.string('dry-run')).toBe('client');
    expect(parse([]).fs.string('dry-run')).toBe('none');
  });

  it('stops at -- and records ArgsLenAtDash', () => {
    const r = parse(['pod', '-n', 'x', '--', 'sh', '-c', '--watch']);
    expect(r.positional).toEqual(['pod', 'sh', '-c', '--watch']);
    expect(r.argsLenAtDash).toBe(1);
    expect(r.fs.bool('watch')).toBe(false);
    expect(parse(['a']).argsLenAtDash).toBe(-1);
  });

  it('treats - and the empty string as arguments', () => {
    expect(parse(['-', '']).positional).toEqual(['-', '']);
  });

  it('accepts underscores in long names (kubectl WordSepNormalizeFunc)', () => {
    expect(parse(['--all_namespaces']).fs.bool('all-namespaces')).toBe(true);
    expect(parse(['--chunk_size=7']).fs.int('chunk-size')).toBe(7);
  });

  it('appends string slices (CSV) and string arrays (verbatim)', () => {
    const { fs } = parse([
      '-f',
      'a.yaml,b.yaml',
      '--filename=c.yaml',
      '--from-literal=a=1,2',
      '--from-literal',
      'b=2',
    ]);
    expect(fs.strings('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(fs.strings('from-literal')).toEqual(['a=1,2', 'b=2']);
    expect(fs.changed('filename')).toBe(true);
    expect(fs.changed('output')).toBe(false);
  });

  it('parses ints with base prefixes and durations like Go', () => {
    expect(parse(['--chunk-size=0x10']).fs.int('chunk-size')).toBe(16);
    expect(parse(['-v6']).fs.int('v')).toBe(6);
    expect(parse(['--timeout=1m30s']).fs.duration('timeout')).toBe(90_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(formatGoDuration(5000)).toBe('5s');
    expect(formatGoDuration(60_000)).toBe('1m0s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(0)).toBe('0s');
  });

  it('reports errors with pflag wording', () => {
    expect(err(['--foo'])).toBe('unknown flag: --foo');
    expect(err(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(err(['-itz'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(err(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(err(['--output'])).toBe('flag needs an argument: --output');
    expect(err(['---x'])).toBe('bad flag syntax: ---x');
    expect(err(['--=x'])).toBe('bad flag syntax: --=x');
    expect(err(['--watch=maybe'])).toBe(
      'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
    expect(err(['--chunk-size=x'])).toBe(
      'invalid argument "x" for "--chunk-size" flag: strconv.ParseInt: parsing "x": invalid syntax',
    );
    expect(err(['--timeout=5'])).toBe(
      'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"',
    );
    expect(err(['--timeout=x'])).toBe(
      'invalid argument "x" for "--timeout" flag: time: invalid duration "x"',
    );
  });

  it('reads CSV like encoding/csv', () => {
    expect(readCsvLine('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
    expect(readCsvLine('')).toEqual([]);
    expect(readCsvLine('a,,b')).toEqual(['a', '', 'b']);
  });
});

describe('pflag properties', () => {
  const word = fc.stringMatching(/^[a-z0-9][a-z0-9.=-]{0,8}$/);

  it('--flag=v, --flag v, -f v and -fv agree for every value that does not start with -', () => {
    fc.assert(
      fc.property(word, (v) => {
        const forms = [['--namespace=' + v], ['--namespace', v], ['-n', v], ['-n' + v]];
        for (const f of forms) expect(parse(f).fs.string('namespace')).toBe(v);
      }),
    );
  });

  it('positional words keep their order around any flags', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 5 }),
        fc.array(fc.constantFrom('-w', '-A', '--watch', '-it'), { maxLength: 4 }),
        (words, flags) => {
          const args: string[] = [];
          words.forEach((w, i) => {
            args.push(w);
            if (flags[i]) args.push(flags[i]!);
          });
          expect(parse(args).positional).toEqual(words);
        },
      ),
    );
  });

  it('everything after -- is positional, verbatim', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }), (rest) => {
        const r = parse(['x', '--', ...rest]);
        expect(r.positional).toEqual(['x', ...rest]);
        expect(r.argsLenAtDash).toBe(1);
      }),
    );
  });

  it('unknown long flags always fail with the same message shape', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{2,10}$/), (name) => {
        fc.pre(
          ![
            'namespace',
            'output',
            'watch',
            'all-namespaces',
            'stdin',
            'tty',
            'chunk-size',
            'filename',
            'from-literal',
            'timeout',
            'dry-run',
          ].includes(name),
        );
        expect(err([`--${name}`])).toBe(`unknown flag: --${name}`);
      }),
    );
  });
});
