/**
 * Step texts are Markdown, one file per step and language (`steps/<n>.ja.md`, `steps/<n>.en.md`).
 * This file cuts them into segments the UI renders: prose (rendered by a Markdown renderer) and
 * code blocks, whose fence info string carries the click actions:
 *
 *     ```sh run               click-to-run: the block is typed into the terminal
 *     kubectl get pods
 *     ```
 *
 *     ```yaml file=myapp.yaml shows files/myapp.yaml (the block must equal it) and opens
 *     apiVersion: v1          ~/myapp.yaml in the editor on click
 *     ...
 *     ```
 *
 *     [myapp.yaml を開く](open:myapp.yaml)   click-to-open link to ~/myapp.yaml
 *
 * Both languages of a step must have the same structure: the same code blocks (byte for byte),
 * the same open links and the same heading levels (`compareStepDocs`).
 */
import type { CodeBlock, DocSegment, StepDoc } from './types';

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Parse the info string of a fence: `sh run`, `yaml file=myapp.yaml`. */
export function parseInfo(info: string): { lang: string; run: boolean; file?: string; unknown: string[] } {
  const words = info.trim().split(/\s+/).filter(Boolean);
  const lang = words.shift() ?? '';
  let run = false;
  let file: string | undefined;
  const unknown: string[] = [];
  for (const w of words) {
    if (w === 'run') run = true;
    else if (w.startsWith('file=') && w.length > 5) file = w.slice(5);
    else unknown.push(w);
  }
  return file === undefined ? { lang, run, unknown } : { lang, run, file, unknown };
}

const OPEN_LINK = /\[[^\]]*\]\(open:([^)\s]+)\)/g;

/** `open:myapp.yaml` → `myapp.yaml`; anything else → undefined. */
export function parseActionHref(href: string): { action: 'open'; path: string } | undefined {
  return href.startsWith('open:') && href.length > 5 ? { action: 'open', path: href.slice(5) } : undefined;
}

export function parseStepMarkdown(md: string): StepDoc {
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  const segments: DocSegment[] = [];
  const openLinks: string[] = [];
  const headings: number[] = [];
  let prose: string[] = [];
  const flushProse = (): void => {
    const text = prose.join('\n').replace(/^\n+|\n+$/g, '');
    if (text) segments.push({ type: 'markdown', text });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = FENCE.exec(line);
    if (!m) {
      prose.push(line);
      const h = /^ {0,3}(#{1,6})\s/.exec(line);
      if (h) headings.push(h[1]!.length);
      for (const link of line.matchAll(OPEN_LINK)) openLinks.push(link[1]!);
      continue;
    }
    flushProse();
    const fence = m[2]!;
    const { lang, run, file } = parseInfo(m[3] ?? '');
    const body: string[] = [];
    let j = i + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (j < lines.length && !closing.test(lines[j]!)) body.push(lines[j++]!);
    i = j; // the closing fence (or the end of the text)
    const block: CodeBlock = { lang, run, code: body.length ? body.join('\n') + '\n' : '' };
    if (file !== undefined) block.file = file;
    segments.push({ type: 'code', ...block });
  }
  flushProse();
  return { segments, openLinks, headings };
}

export function codeBlocks(doc: StepDoc): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const s of doc.segments) {
    if (s.type !== 'code') continue;
    const { type: _type, ...block } = s;
    out.push(block);
  }
  return out;
}

/**
 * Where two language versions of a step differ in structure (code blocks, open links,
 * headings). Empty when they agree. Messages are for lesson authors (English).
 */
export function compareStepDocs(ja: StepDoc, en: StepDoc): string[] {
  const out: string[] = [];
  const a = codeBlocks(ja);
  const b = codeBlocks(en);
  if (a.length !== b.length) out.push(`ja has ${a.length} code blocks, en has ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.lang !== y.lang || x.run !== y.run || x.file !== y.file)
      out.push(
        `code block ${i + 1}: ja is \`${info(x)}\`, en is \`${info(y)}\``,
      );
    if (x.code !== y.code)
      out.push(`code block ${i + 1} (${info(x)}) differs:\n  ja: ${JSON.stringify(x.code)}\n  en: ${JSON.stringify(y.code)}`);
  }
  if (ja.openLinks.join('\n') !== en.openLinks.join('\n'))
    out.push(`open links differ: ja [${ja.openLinks.join(', ')}], en [${en.openLinks.join(', ')}]`);
  if (ja.headings.join(',') !== en.headings.join(','))
    out.push(`heading levels differ: ja [${ja.headings.join(', ')}], en [${en.headings.join(', ')}]`);
  return out;
}

function info(b: CodeBlock): string {
  return [b.lang, b.run ? 'run' : '', b.file ? `file=${b.file}` : ''].filter(Boolean).join(' ');
}
