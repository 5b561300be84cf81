/**
 * `kubectl cordon` (kubectl/pkg/cmd/drain/drain.go RunCordonOrUncordon, pkg/drain/cordon.go):
 * set `spec.unschedulable: true` with a strategic merge patch. The scheduler's NodeUnschedulable
 * plugin then keeps new pods away; running pods stay.
 *
 *   node/kind-worker cordoned            node/kind-worker already cordoned
 */
import { type CommandSpec } from '../registry';
import { helpSpec } from '../helptext/index';
import { runCordonOrUncordon } from './uncordon';

export const cordonCommand: CommandSpec = {
  ...helpSpec('cordon', 'Mark node as unschedulable'),
  run: (inv) => runCordonOrUncordon(inv, true),
};
