/**
 * `kubectl cordon` (kubectl/pkg/cmd/drain/drain.go RunCordonOrUncordon, pkg/drain/cordon.go):
 * set `spec.unschedulable: true` with a strategic merge patch. The scheduler's NodeUnschedulable
 * plugin then keeps new pods away; running pods stay.
 *
 *   node/kind-worker cordoned            node/kind-worker already cordoned
 */
import { registerCommand } from '../registry';
import { recordedHelp } from '../helptext/index';
import { runCordonOrUncordon } from './uncordon';

const h = recordedHelp('cordon');
registerCommand({
  name: 'cordon',
  short: 'Mark node as unschedulable',
  long: h.long,
  example: h.example,
  use: h.use,
  flags: h.flags.map((fl) => ({ ...fl })),
  run: (inv) => runCordonOrUncordon(inv, true),
});
