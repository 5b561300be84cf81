/**
 * The parse tree of a JSONPath template, as client-go's `util/jsonpath/node.go` defines it.
 *
 * A template is a list of nodes: plain text, and one ListNode per `{…}` action. Inside an action
 * the nodes run left to right, each one turning the current set of values into the next
 * (`.items` → `[*]` → `.metadata` → `.name`).
 */

export interface ListNode {
  readonly type: 'List';
  readonly nodes: JsonPathNode[];
}
export interface TextNode {
  readonly type: 'Text';
  readonly text: string;
}
/** `.name`: a map key. Backslashes are already removed, so `kubernetes\.io/os` is `kubernetes.io/os`. */
export interface FieldNode {
  readonly type: 'Field';
  readonly value: string;
}
/** `range` and `end` (anything else is parsed too, and fails when executed). */
export interface IdentifierNode {
  readonly type: 'Identifier';
  readonly name: string;
}
/**
 * One slot of `[start:end:step]`. `known` says the slot was written; `derived` marks the end
 * of a single index `[i]`, which the parser sets to i+1.
 */
export interface ParamsEntry {
  readonly value: number;
  readonly known: boolean;
  readonly derived: boolean;
}
export interface ArrayNode {
  readonly type: 'Array';
  readonly params: readonly [ParamsEntry, ParamsEntry, ParamsEntry];
}
/** `[?(@.a==1)]`; the operator `exists` stands for `[?(@.a)]`, whose `right` list is empty. */
export interface FilterNode {
  readonly type: 'Filter';
  readonly left: ListNode;
  readonly right: ListNode;
  readonly operator: string;
}
export interface IntNode {
  readonly type: 'Int';
  readonly value: number;
}
export interface FloatNode {
  readonly type: 'Float';
  readonly value: number;
}
export interface WildcardNode {
  readonly type: 'Wildcard';
}
export interface RecursiveNode {
  readonly type: 'Recursive';
}
export interface UnionNode {
  readonly type: 'Union';
  readonly nodes: readonly ListNode[];
}
export interface BoolNode {
  readonly type: 'Bool';
  readonly value: boolean;
}

export type JsonPathNode =
  | ListNode
  | TextNode
  | FieldNode
  | IdentifierNode
  | ArrayNode
  | FilterNode
  | IntNode
  | FloatNode
  | WildcardNode
  | RecursiveNode
  | UnionNode
  | BoolNode;

export const newList = (): ListNode => ({ type: 'List', nodes: [] });

const goFixed6 = (f: number): string =>
  Number.isFinite(f) ? f.toFixed(6) : Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';

/**
 * The node's `String()` in client-go (`NodeField: name`, `NodeArray: [{1 true false} …]`), which
 * its parser tests compare; handy when debugging a template.
 */
export function nodeString(node: JsonPathNode): string {
  switch (node.type) {
    case 'List':
      return 'NodeList';
    case 'Text':
      return `NodeText: ${node.text}`;
    case 'Field':
      return `NodeField: ${node.value}`;
    case 'Identifier':
      return `NodeIdentifier: ${node.name}`;
    case 'Array':
      return `NodeArray: [${node.params.map((p) => `{${p.value} ${p.known} ${p.derived}}`).join(' ')}]`;
    case 'Filter':
      return `NodeFilter: NodeList ${node.operator} NodeList`;
    case 'Int':
      return `NodeInt: ${node.value}`;
    case 'Float':
      return `NodeFloat: ${goFixed6(node.value)}`;
    case 'Wildcard':
      return 'NodeWildcard';
    case 'Recursive':
      return 'NodeRecursive';
    case 'Union':
      return 'NodeUnion';
    case 'Bool':
      return `NodeBool: ${node.value}`;
  }
}
