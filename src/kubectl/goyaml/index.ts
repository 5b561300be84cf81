/**
 * The syntax errors of go-yaml v2 (libyaml's scanner and parser, as ported to Go), which
 * kubectl prints when a manifest does not parse: `yaml: line 4: did not find expected key`.
 *
 * Why a port: users learn to read these messages, and both the wording and the line number
 * come out of libyaml's state machine. The number is not always the line of the mistake: a
 * scanner error (`found character that cannot start any token`, `mapping values are not allowed
 * in this context`) reports the 1-based line of the problem, but a parser error (`did not find
 * expected ',' or ']'`, `did not find expected key`) reports libyaml's 0-based line, which
 * reads as the line before. Only the error paths are ported: values are built elsewhere
 * (yamlparse.ts) once a document is known to be valid.
 *
 * Ported from go-yaml v2 scannerc.go / parserc.go / decode.go (parser.fail), function for
 * function, with the same names where it helps to compare.
 */

import { Parser } from './parser';
import { Failure, Scanner } from './scanner';

/**
 * go-yaml's parser.fail: `line N: problem`, where N is the problem mark's line (plus one for
 * scanner errors, whose marks have not moved past the line), else the context mark's line;
 * no line at all when both are on libyaml's line 0.
 */
function failMessage(f: Failure): string {
  let line = 0;
  if (f.problemMark && f.problemMark.line !== 0) {
    line = f.problemMark.line;
    if (f.stage === 'scanner') line++;
  } else if (f.contextMark && f.contextMark.line !== 0) {
    line = f.contextMark.line;
  }
  const where = line !== 0 ? `line ${line}: ` : '';
  return `yaml: ${where}${f.problem || 'unknown problem parsing YAML content'}`;
}

/**
 * What go-yaml v2's Unmarshal reports for the first document of `text`, or undefined when it
 * parses: `yaml: line 3: did not find expected ',' or ']'`, `yaml: unknown anchor 'x' referenced`.
 * Like go-yaml, only the first document is read.
 */
export function goYamlError(text: string): string | undefined {
  try {
    const scanner = new Scanner(text === '' ? '\n' : text);
    const parser = new Parser(scanner);
    parser.next(); // STREAM-START
    const first = parser.next();
    if (first.type === 'STREAM-END') return undefined;
    // The composer: one document, anchors known from where they are defined.
    const anchors = new Set<string>();
    let depth = 0;
    for (;;) {
      const ev = parser.next();
      if (ev.anchor !== undefined && ev.type !== 'ALIAS') anchors.add(ev.anchor);
      if (ev.type === 'ALIAS' && !anchors.has(ev.anchor!)) {
        throw new Failure('composer', `unknown anchor '${ev.anchor}' referenced`, undefined, undefined);
      }
      if (ev.type === 'SEQUENCE-START' || ev.type === 'MAPPING-START') depth++;
      else if (ev.type === 'SEQUENCE-END' || ev.type === 'MAPPING-END') depth--;
      if (depth === 0) break;
    }
    parser.next(); // DOCUMENT-END
    return undefined;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    if (e.stage === 'composer' || e.stage === 'reader') return `yaml: ${e.problem}`;
    return failMessage(e);
  }
}
