/**
 * Lesson files in the browser bundle, loaded lazily: this module itself is imported on demand
 * (the lesson panel's first render), the lesson specs when the chapter map is first shown, and
 * a lesson's texts and files when it is opened. Vite turns every file into its own small chunk
 * (`?raw`), so the initial JS does not grow with the number of lessons.
 *
 * Markdown is rendered with marked and sanitised with DOMPurify. Lesson files are ours, but a
 * stray `<script>` in a lesson must never reach the page.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { buildCatalog, type Catalog } from '../../lessons/catalog';
import { loadLesson, parseLessonYaml } from '../../lessons/loader';
import type { Lesson } from '../../lessons/types';

type Loaders = Record<string, () => Promise<string>>;

const specLoaders: Loaders = import.meta.glob<string>('/lessons/*/lesson.yaml', {
  query: '?raw',
  import: 'default',
});
const fileLoaders: Loaders = import.meta.glob<string>(
  ['/lessons/*/steps/*.md', '/lessons/*/finish.*.md', '/lessons/*/files/**'],
  { query: '?raw', import: 'default' },
);

const idOf = (path: string): string => path.split('/')[2] ?? '';

let catalogPromise: Promise<Catalog> | undefined;

/** The chapter map of every bundled lesson. */
export function loadCatalog(): Promise<Catalog> {
  catalogPromise ??= Promise.all(
    Object.entries(specLoaders).map(async ([path, load]) => parseLessonYaml(idOf(path), await load())),
  ).then(buildCatalog);
  return catalogPromise;
}

const lessons = new Map<string, Promise<Lesson>>();

/** One lesson: its spec, step texts (both languages) and files. */
export function loadLessonById(id: string): Promise<Lesson> {
  let p = lessons.get(id);
  if (!p) {
    p = (async () => {
      const prefix = `/lessons/${id}/`;
      const files: Record<string, string> = {};
      const spec = specLoaders[`${prefix}lesson.yaml`];
      if (!spec) throw new Error(`no lesson ${id}`);
      files['lesson.yaml'] = await spec();
      await Promise.all(
        Object.entries(fileLoaders)
          .filter(([path]) => path.startsWith(prefix))
          .map(async ([path, load]) => {
            files[path.slice(prefix.length)] = await load();
          }),
      );
      return loadLesson(id, files);
    })();
    p.catch(() => lessons.delete(id));
    lessons.set(id, p);
  }
  return p;
}

const marked = new Marked({
  gfm: true,
  renderer: {
    // `[label](open:myapp.yaml)`: a click-to-open link, handled by the panel (no navigation).
    link({ href, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (href.startsWith('open:')) {
        const path = href.slice('open:'.length).replace(/"/g, '&quot;');
        return `<a href="#" class="lesson-open-link" data-open="${path}">${label}</a>`;
      }
      return `<a href="${href.replace(/"/g, '&quot;')}" target="_blank" rel="noopener noreferrer">${label}</a>`;
    },
  },
});

/** Markdown prose → sanitised HTML. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, { ADD_ATTR: ['target', 'data-open'] });
}
