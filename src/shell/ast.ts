/**
 * The shell's syntax tree. Breakfix's shell is a small POSIX-sh subset: enough for what learners
 * type next to kubectl (pipes, `;`, `&&`, `||`, redirections, heredocs, variables, `$(…)`), and
 * nothing that would teach habits a real bash would not honour.
 */

/** A word is a sequence of parts, expanded and then joined (no field splitting of quoted parts). */
export type WordPart =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'command'; script: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
}

export interface Redirect {
  /** 1 = stdout, 2 = stderr, 0 = stdin */
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<<';
  /** File name word, or for `>&` the fd number as text. */
  target?: Word;
  /** Heredoc body (already collected), and whether it expands variables (unquoted delimiter). */
  heredoc?: { body: string; expand: boolean };
}

export interface SimpleCommand {
  kind: 'simple';
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negated: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

/** A list of and-or chains separated by `;` or newlines. `&` (background) is not supported. */
export interface Script {
  items: AndOr[];
}
