/**
 * libyaml's parser (go-yaml v2 parserc.go): tokens to events, with its error texts
 * (`did not find expected key`, `did not find expected ',' or ']'`, `did not find expected node
 * content`). Events carry only their type and anchor: enough for go-yaml's composer checks.
 */
import { copy, Failure, type Mark, type Scanner } from './scanner';

type ParseState =
  | 'STREAM-START'
  | 'IMPLICIT-DOCUMENT-START'
  | 'DOCUMENT-START'
  | 'DOCUMENT-CONTENT'
  | 'DOCUMENT-END'
  | 'BLOCK-NODE'
  | 'BLOCK-NODE-OR-INDENTLESS-SEQUENCE'
  | 'FLOW-NODE'
  | 'BLOCK-SEQUENCE-FIRST-ENTRY'
  | 'BLOCK-SEQUENCE-ENTRY'
  | 'INDENTLESS-SEQUENCE-ENTRY'
  | 'BLOCK-MAPPING-FIRST-KEY'
  | 'BLOCK-MAPPING-KEY'
  | 'BLOCK-MAPPING-VALUE'
  | 'FLOW-SEQUENCE-FIRST-ENTRY'
  | 'FLOW-SEQUENCE-ENTRY'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-END'
  | 'FLOW-MAPPING-FIRST-KEY'
  | 'FLOW-MAPPING-KEY'
  | 'FLOW-MAPPING-VALUE'
  | 'FLOW-MAPPING-EMPTY-VALUE'
  | 'END';

type EventType =
  | 'STREAM-START'
  | 'STREAM-END'
  | 'DOCUMENT-START'
  | 'DOCUMENT-END'
  | 'ALIAS'
  | 'SCALAR'
  | 'SEQUENCE-START'
  | 'SEQUENCE-END'
  | 'MAPPING-START'
  | 'MAPPING-END';

export interface YamlEvent {
  type: EventType;
  anchor?: string;
}

export class Parser {
  private state: ParseState = 'STREAM-START';
  private states: ParseState[] = [];
  private marks: Mark[] = [];
  private tagHandles: string[] = [];

  constructor(private readonly s: Scanner) {}

  private error(problem: string, problemMark: Mark, contextMark?: Mark): never {
    throw new Failure('parser', problem, copy(problemMark), contextMark ? copy(contextMark) : undefined);
  }

  private pop(): ParseState {
    return this.states.pop()!;
  }

  /** yaml_parser_parse: the next event. */
  next(): YamlEvent {
    switch (this.state) {
      case 'STREAM-START': {
        const t = this.s.peek();
        if (t.type !== 'STREAM-START') this.error('did not find expected <stream-start>', t.start);
        this.state = 'IMPLICIT-DOCUMENT-START';
        this.s.skipToken();
        return { type: 'STREAM-START' };
      }
      case 'IMPLICIT-DOCUMENT-START':
        return this.documentStart(true);
      case 'DOCUMENT-START':
        return this.documentStart(false);
      case 'DOCUMENT-CONTENT': {
        const t = this.s.peek();
        if (
          ['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'DOCUMENT-END', 'STREAM-END'].includes(
            t.type,
          )
        ) {
          this.state = this.pop();
          return { type: 'SCALAR' };
        }
        return this.node(true, false);
      }
      case 'DOCUMENT-END': {
        const t = this.s.peek();
        if (t.type === 'DOCUMENT-END') this.s.skipToken();
        this.tagHandles = [];
        this.state = 'DOCUMENT-START';
        return { type: 'DOCUMENT-END' };
      }
      case 'BLOCK-NODE':
        return this.node(true, false);
      case 'BLOCK-NODE-OR-INDENTLESS-SEQUENCE':
        return this.node(true, true);
      case 'FLOW-NODE':
        return this.node(false, false);
      case 'BLOCK-SEQUENCE-FIRST-ENTRY':
        return this.blockSequenceEntry(true);
      case 'BLOCK-SEQUENCE-ENTRY':
        return this.blockSequenceEntry(false);
      case 'INDENTLESS-SEQUENCE-ENTRY':
        return this.indentlessSequenceEntry();
      case 'BLOCK-MAPPING-FIRST-KEY':
        return this.blockMappingKey(true);
      case 'BLOCK-MAPPING-KEY':
        return this.blockMappingKey(false);
      case 'BLOCK-MAPPING-VALUE':
        return this.blockMappingValue();
      case 'FLOW-SEQUENCE-FIRST-ENTRY':
        return this.flowSequenceEntry(true);
      case 'FLOW-SEQUENCE-ENTRY':
        return this.flowSequenceEntry(false);
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY':
        return this.flowSequenceEntryMappingKey();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE':
        return this.flowSequenceEntryMappingValue();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-END':
        this.s.peek();
        this.state = 'FLOW-SEQUENCE-ENTRY';
        return { type: 'MAPPING-END' };
      case 'FLOW-MAPPING-FIRST-KEY':
        return this.flowMappingKey(true);
      case 'FLOW-MAPPING-KEY':
        return this.flowMappingKey(false);
      case 'FLOW-MAPPING-VALUE':
        return this.flowMappingValue(false);
      case 'FLOW-MAPPING-EMPTY-VALUE':
        return this.flowMappingValue(true);
      case 'END':
        return { type: 'STREAM-END' };
    }
  }

  private documentStart(implicit: boolean): YamlEvent {
    let t = this.s.peek();
    if (!implicit) {
      while (t.type === 'DOCUMENT-END') {
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    if (
      implicit &&
      t.type !== 'VERSION-DIRECTIVE' &&
      t.type !== 'TAG-DIRECTIVE' &&
      t.type !== 'DOCUMENT-START' &&
      t.type !== 'STREAM-END'
    ) {
      this.processDirectives();
      this.states.push('DOCUMENT-END');
      this.state = 'BLOCK-NODE';
      return { type: 'DOCUMENT-START' };
    }
    if (t.type !== 'STREAM-END') {
      this.processDirectives();
      t = this.s.peek();
      if (t.type !== 'DOCUMENT-START') this.error('did not find expected <document start>', t.start);
      this.states.push('DOCUMENT-END');
      this.state = 'DOCUMENT-CONTENT';
      this.s.skipToken();
      return { type: 'DOCUMENT-START' };
    }
    this.state = 'END';
    this.s.skipToken();
    return { type: 'STREAM-END' };
  }

  private processDirectives(): void {
    let version = false;
    const handles: string[] = [];
    let t = this.s.peek();
    while (t.type === 'VERSION-DIRECTIVE' || t.type === 'TAG-DIRECTIVE') {
      if (t.type === 'VERSION-DIRECTIVE') {
        if (version) this.error('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.error('found incompatible YAML document', t.start);
        version = true;
      } else {
        if (this.tagHandles.includes(t.value!)) this.error('found duplicate %TAG directive', t.start);
        this.tagHandles.push(t.value!);
        handles.push(t.value!);
      }
      this.s.skipToken();
      t = this.s.peek();
    }
    for (const h of ['!', '!!']) if (!this.tagHandles.includes(h)) this.tagHandles.push(h);
  }

  private node(block: boolean, indentlessSequence: boolean): YamlEvent {
    let t = this.s.peek();
    if (t.type === 'ALIAS') {
      this.state = this.pop();
      this.s.skipToken();
      return { type: 'ALIAS', anchor: t.value };
    }
    const start = t.start;
    let anchor: string | undefined;
    let tagHandle: string | undefined;
    let tagMark: Mark | undefined;
    let hasTag = false;
    if (t.type === 'ANCHOR') {
      anchor = t.value;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === 'TAG') {
        hasTag = true;
        tagHandle = t.value;
        tagMark = t.start;
        this.s.skipToken();
        t = this.s.peek();
      }
    } else if (t.type === 'TAG') {
      hasTag = true;
      tagHandle = t.value;
      tagMark = t.start;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === 'ANCHOR') {
        anchor = t.value;
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    if (hasTag && tagHandle !== '' && !this.tagHandles.includes(tagHandle!)) {
      this.error('found undefined tag handle', tagMark!, start);
    }
    if (indentlessSequence && t.type === 'BLOCK-ENTRY') {
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return { type: 'SEQUENCE-START', anchor };
    }
    if (t.type === 'SCALAR') {
      this.state = this.pop();
      this.s.skipToken();
      return { type: 'SCALAR', anchor };
    }
    if (t.type === 'FLOW-SEQUENCE-START') {
      this.state = 'FLOW-SEQUENCE-FIRST-ENTRY';
      return { type: 'SEQUENCE-START', anchor };
    }
    if (t.type === 'FLOW-MAPPING-START') {
      this.state = 'FLOW-MAPPING-FIRST-KEY';
      return { type: 'MAPPING-START', anchor };
    }
    if (block && t.type === 'BLOCK-SEQUENCE-START') {
      this.state = 'BLOCK-SEQUENCE-FIRST-ENTRY';
      return { type: 'SEQUENCE-START', anchor };
    }
    if (block && t.type === 'BLOCK-MAPPING-START') {
      this.state = 'BLOCK-MAPPING-FIRST-KEY';
      return { type: 'MAPPING-START', anchor };
    }
    if (anchor !== undefined || hasTag) {
      this.state = this.pop();
      return { type: 'SCALAR', anchor };
    }
    this.error('did not find expected node content', t.start, start);
  }

  private blockSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type === 'BLOCK-ENTRY') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'BLOCK-ENTRY' && t.type !== 'BLOCK-END') {
        this.states.push('BLOCK-SEQUENCE-ENTRY');
        return this.node(true, false);
      }
      this.state = 'BLOCK-SEQUENCE-ENTRY';
      return { type: 'SCALAR' };
    }
    if (t.type === 'BLOCK-END') {
      this.state = this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: 'SEQUENCE-END' };
    }
    this.error("did not find expected '-' indicator", t.start, this.marks.pop());
  }

  private indentlessSequenceEntry(): YamlEvent {
    let t = this.s.peek();
    if (t.type === 'BLOCK-ENTRY') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'BLOCK-ENTRY' && t.type !== 'KEY' && t.type !== 'VALUE' && t.type !== 'BLOCK-END') {
        this.states.push('INDENTLESS-SEQUENCE-ENTRY');
        return this.node(true, false);
      }
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return { type: 'SCALAR' };
    }
    this.state = this.pop();
    return { type: 'SEQUENCE-END' };
  }

  private blockMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type === 'KEY') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'KEY' && t.type !== 'VALUE' && t.type !== 'BLOCK-END') {
        this.states.push('BLOCK-MAPPING-VALUE');
        return this.node(true, true);
      }
      this.state = 'BLOCK-MAPPING-VALUE';
      return { type: 'SCALAR' };
    }
    if (t.type === 'BLOCK-END') {
      this.state = this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: 'MAPPING-END' };
    }
    this.error('did not find expected key', t.start, this.marks.pop());
  }

  private blockMappingValue(): YamlEvent {
    let t = this.s.peek();
    if (t.type === 'VALUE') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'KEY' && t.type !== 'VALUE' && t.type !== 'BLOCK-END') {
        this.states.push('BLOCK-MAPPING-KEY');
        return this.node(true, true);
      }
    }
    this.state = 'BLOCK-MAPPING-KEY';
    return { type: 'SCALAR' };
  }

  private flowSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type !== 'FLOW-SEQUENCE-END') {
      if (!first) {
        if (t.type === 'FLOW-ENTRY') {
          this.s.skipToken();
          t = this.s.peek();
        } else {
          this.error("did not find expected ',' or ']'", t.start, this.marks.pop());
        }
      }
      if (t.type === 'KEY') {
        this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY';
        this.s.skipToken();
        return { type: 'MAPPING-START' };
      } else if (t.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY');
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: 'SEQUENCE-END' };
  }

  private flowSequenceEntryMappingKey(): YamlEvent {
    const t = this.s.peek();
    if (t.type !== 'VALUE' && t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-SEQUENCE-END') {
      this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-VALUE');
      return this.node(false, false);
    }
    this.s.skipToken();
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE';
    return { type: 'SCALAR' };
  }

  private flowSequenceEntryMappingValue(): YamlEvent {
    let t = this.s.peek();
    if (t.type === 'VALUE') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-END');
        return this.node(false, false);
      }
    }
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-END';
    return { type: 'SCALAR' };
  }

  private flowMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type !== 'FLOW-MAPPING-END') {
      if (!first) {
        if (t.type === 'FLOW-ENTRY') {
          this.s.skipToken();
          t = this.s.peek();
        } else {
          this.error("did not find expected ',' or '}'", t.start, this.marks.pop());
        }
      }
      if (t.type === 'KEY') {
        this.s.skipToken();
        t = this.s.peek();
        if (t.type !== 'VALUE' && t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-MAPPING-END') {
          this.states.push('FLOW-MAPPING-VALUE');
          return this.node(false, false);
        }
        this.state = 'FLOW-MAPPING-VALUE';
        return { type: 'SCALAR' };
      } else if (t.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-EMPTY-VALUE');
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: 'MAPPING-END' };
  }

  private flowMappingValue(empty: boolean): YamlEvent {
    let t = this.s.peek();
    if (empty) {
      this.state = 'FLOW-MAPPING-KEY';
      return { type: 'SCALAR' };
    }
    if (t.type === 'VALUE') {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== 'FLOW-ENTRY' && t.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-KEY');
        return this.node(false, false);
      }
    }
    this.state = 'FLOW-MAPPING-KEY';
    return { type: 'SCALAR' };
  }
}
