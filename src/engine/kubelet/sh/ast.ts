/**
 * The syntax tree of the container shell (busybox ash / bash, the POSIX subset that container
 * commands and `kubectl exec -it … sh` sessions use).
 */

/** One piece of a word, before expansion. */
export type WordPart =
  | { t: 'lit'; text: string; quoted: boolean }
  | { t: 'var'; name: string; quoted: boolean; op?: '-' | ':-' | '=' | ':=' | '+' | ':+' | '#'; arg?: Word }
  | { t: 'cmd'; script: string; quoted: boolean }
  | { t: 'arith'; expr: string; quoted: boolean };

export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<<';
  target: Word;
  /** For `2>&1`: the fd to duplicate. */
  dupFd?: number;
  /** Here-document body (already read). */
  heredoc?: string;
}

export type Node =
  | { t: 'simple'; assigns: [string, Word][]; words: Word[]; redirects: Redirect[] }
  | { t: 'pipeline'; cmds: Node[]; negate: boolean }
  | { t: 'and'; left: Node; right: Node }
  | { t: 'or'; left: Node; right: Node }
  | { t: 'list'; items: { node: Node; background: boolean }[] }
  | { t: 'if'; clauses: { cond: Node; body: Node }[]; otherwise?: Node }
  | { t: 'while'; cond: Node; body: Node; until: boolean }
  | { t: 'for'; name: string; words: Word[] | undefined; body: Node }
  | { t: 'case'; word: Word; items: { patterns: Word[]; body: Node | undefined }[] }
  | { t: 'group'; body: Node; redirects: Redirect[] }
  | { t: 'subshell'; body: Node; redirects: Redirect[] };

export class ShSyntaxError extends Error {
  constructor(
    message: string,
    /** Input ended in the middle of a construct (an interactive shell asks for more: `> `). */
    readonly incomplete = false,
  ) {
    super(message);
  }
}
