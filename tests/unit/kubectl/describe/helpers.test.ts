/**
 * The building blocks of describe: Go's tabwriter alignment, the PrefixWriter, labels,
 * annotations, taints, tolerations, the events table, and the generic describer's labels.
 */
import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { describeEvents, eventFieldSelector } from '../../../../src/kubectl/describe/events';
import { camelcaseSplit, goValue, smartLabelFor } from '../../../../src/kubectl/describe/generic';
import {
  formatRFC1123Z,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printNodeTaintsMultiline,
  printTolerationsMultilineWithIndent,
} from '../../../../src/kubectl/describe/helpers';
import { TabWriter } from '../../../../src/kubectl/describe/tabwriter';
import { LEVEL_0, LEVEL_1, tabbedStringSync } from '../../../../src/kubectl/describe/writer';

describe('TabWriter (text/tabwriter, padding 2)', () => {
  const tw = (text: string): string => {
    const w = new TabWriter(0, 2);
    w.write(text);
    return w.toString();
  };

  it('aligns a column over the consecutive lines that have it', () => {
    expect(tw('a:\tx\nlonger:\ty\n')).toBe('a:       x\nlonger:  y\n');
  });

  it('a line without the column ends the block', () => {
    expect(tw('a:\tx\nSection:\nlonger label:\ty\n')).toBe('a:  x\nSection:\nlonger label:  y\n');
  });

  it('aligns nested columns independently and pads empty cells', () => {
    expect(tw('A\tB\tC\nlong\t\tc\n')).toBe('A     B  C\nlong     c\n');
  });

  it('counts runes, not UTF-16 units', () => {
    expect(tw('\u{1F600}:\tx\nab:\ty\n')).toBe('\u{1F600}:   x\nab:  y\n');
  });

  it('flush starts new blocks', () => {
    const w = new TabWriter(0, 2);
    w.write('short:\tx\n');
    w.flush();
    w.write('much longer:\ty\n');
    expect(w.toString()).toBe('short:  x\nmuch longer:  y\n');
  });

  it('keeps text after the last newline', () => {
    expect(tw('a\tb')).toBe('a\tb'.replace('\t', '  '));
  });
});

describe('PrefixWriter helpers', () => {
  it('labels: sorted, aligned, <none>', () => {
    expect(tabbedStringSync((w) => printLabelsMultiline(w, 'Labels', { b: '2', a: '1' }))).toBe(
      'Labels:  a=1\n         b=2\n',
    );
    expect(tabbedStringSync((w) => printLabelsMultiline(w, 'Labels', {}))).toBe('Labels:  <none>\n');
  });

  it('annotations: last-applied-configuration hidden, long and multi-line values on their own lines', () => {
    const long = 'x'.repeat(150);
    const out = tabbedStringSync((w) =>
      printAnnotationsMultiline(w, 'Annotations', {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        a: 'short',
        b: long,
        c: 'one\ntwo\n',
      }),
    );
    expect(out).toBe(
      `Annotations:  a: short\n              b:\n                ${'x'.repeat(138)}...\n              c:\n                one\n                two\n`,
    );
    expect(
      tabbedStringSync((w) =>
        printAnnotationsMultiline(w, 'Annotations', {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        }),
      ),
    ).toBe('Annotations:  <none>\n');
  });

  it('taints sorted by effect then key; tolerations with op=Exists and seconds', () => {
    expect(
      tabbedStringSync((w) =>
        printNodeTaintsMultiline(w, 'Taints', [
          { key: 'b', effect: 'NoSchedule' },
          { key: 'a', value: 'v', effect: 'NoExecute' },
          { key: 'c', value: 'v', effect: '' as 'NoSchedule' },
        ]),
      ),
    ).toBe('Taints:  c=v:\n         a=v:NoExecute\n         b:NoSchedule\n');
    expect(
      tabbedStringSync((w) =>
        printTolerationsMultilineWithIndent(w, '', 'Tolerations', '\t', [
          { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' },
          { operator: 'Exists' },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          { key: 'x', operator: 'Exists' },
        ]),
      ),
    ).toBe(
      'Tolerations:  op=Exists\n              k=v:NoSchedule\n              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n              x op=Exists\n',
    );
  });

  it('RFC1123Z times in UTC, and Go zero time for unset', () => {
    expect(formatRFC1123Z('2026-11-27T22:17:19Z')).toBe('Fri, 27 Nov 2026 22:17:19 +0000');
    expect(formatRFC1123Z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });

  it('escapes terminal control characters', () => {
    expect(tabbedStringSync((w) => w.write(LEVEL_1, 'a\x1b[31mb\rc\n'))).toBe('  a^[[31mb\\rc\n');
  });
});

describe('events', () => {
  const NOW = Date.parse('2026-01-01T00:10:00Z');
  const iso = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString();
  const ev = (e: Partial<Event>): Event => ({
    metadata: { name: 'e' },
    involvedObject: {},
    type: 'Normal',
    reason: 'R',
    message: 'm',
    source: { component: 'c' },
    ...e,
  });

  it('selects by name, namespace, kind and uid, leaving out what is empty', () => {
    expect(eventFieldSelector({ name: 'web', namespace: 'default', kind: 'Deployment', uid: 'u1' })).toBe(
      'involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Deployment,involvedObject.uid=u1',
    );
    expect(eventFieldSelector({ name: 'n1', namespace: '' })).toBe(
      'involvedObject.name=n1,involvedObject.namespace=',
    );
    expect(eventFieldSelector({ name: 'a,b=c' })).toBe(
      'involvedObject.name=a\\,b\\=c,involvedObject.namespace=',
    );
  });

  it('prints <none> in the current block, or a flushed table sorted by last time', () => {
    expect(tabbedStringSync((w) => describeEvents([], w, NOW))).toBe('Events:  <none>\n');
    const out = tabbedStringSync((w) => {
      w.write(LEVEL_0, 'A very long label:\tx\n');
      describeEvents(
        [
          ev({ reason: 'Later', firstTimestamp: iso(300), lastTimestamp: iso(60), count: 3 }),
          ev({
            reason: 'Earlier',
            type: 'Warning',
            firstTimestamp: iso(500),
            lastTimestamp: iso(500),
            count: 1,
          }),
          ev({ reason: 'Future', firstTimestamp: iso(-5), lastTimestamp: iso(-5) }),
          ev({ reason: 'NoTime', source: {}, reportingComponent: 'ctrl', message: '  padded  ' }),
        ],
        w,
        NOW,
      );
    });
    expect(out).toBe(
      [
        'A very long label:  x',
        'Events:',
        '  Type     Reason   Age               From  Message',
        '  ----     ------   ----              ----  -------',
        '  Normal   NoTime   <unknown>         ctrl  padded',
        '  Warning  Earlier  8m20s             c     m',
        '  Normal   Later    60s (x3 over 5m)  c     m',
        '  Normal   Future   <invalid>         c     m',
        '',
      ].join('\n'),
    );
  });
});

describe('generic describer labels', () => {
  it('splits camelCase like fatih/camelcase', () => {
    expect(camelcaseSplit('holderIdentity')).toEqual(['holder', 'Identity']);
    expect(camelcaseSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(camelcaseSplit('podIPs')).toEqual(['pod', 'I', 'Ps']);
    expect(camelcaseSplit('v1beta2')).toEqual(['v', '1', 'beta', '2']);
  });

  it('smartLabelFor: Title Case, acronyms, untouched odd names', () => {
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('leaseDurationSeconds')).toBe('Lease Duration Seconds');
    expect(smartLabelFor('foo-bar')).toBe('Foo - Bar');
    expect(smartLabelFor('ipv4')).toBe('ipv4');
    expect(smartLabelFor('app.kubernetes.io/name')).toBe('app.kubernetes.io/name');
  });

  it("prints values with Go's %v", () => {
    expect(goValue(40)).toBe('40');
    expect(goValue(0.5)).toBe('0.5');
    expect(goValue(1234567.5)).toBe('1.2345675e+06');
    expect(goValue(0.00001)).toBe('1e-05');
    expect(goValue(true)).toBe('true');
    expect(goValue(null)).toBe('<nil>');
  });
});
