/**
 * IntOrString, ported from k8s.io/apimachinery v0.32 `pkg/util/intstr`, plus the Deployment
 * fencepost helpers from k8s.io/kubernetes `pkg/controller/deployment/util` that are built on it.
 *
 * Fields like `maxSurge: 25%`, `maxUnavailable: 1`, `targetPort: http` and PDB `minAvailable`
 * accept either an integer or a string. On the wire it is a JSON number or a JSON string, which is
 * exactly what the TypeScript union below is.
 */
import { atoi, goQuote, NumError } from './golang';

export type IntOrString = number | string;

/** Errors from interpreting an IntOrString; messages are upstream's. */
export class IntOrStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntOrStringError';
  }
}

/**
 * `intstr.Parse`: an integer if the whole string is one (strconv.Atoi), otherwise the string.
 * Like upstream's FromInt, integers are truncated to int32.
 */
export function parseIntOrString(val: string): IntOrString {
  try {
    return Number(BigInt.asIntN(32, BigInt(atoi(val))));
  } catch (e) {
    if (e instanceof NumError) return val;
    throw e;
  }
}

/** `IntOrString.String()`: the decimal integer or the string. */
export const intOrStringToString = (v: IntOrString): string => String(v);

/** `IntOrString.IntValue()`: a string is parsed with Atoi and is 0 when it is not an integer. */
export function intValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  try {
    return atoi(v);
  } catch {
    return 0;
  }
}

/** `ValueOrDefault`. */
export const valueOrDefault = (v: IntOrString | undefined | null, def: IntOrString): IntOrString => v ?? def;

/** `getIntOrPercentValueSafely`: the number, and whether it was a percentage. */
function getIntOrPercentValueSafely(v: IntOrString): [number, boolean] {
  if (typeof v === 'number') return [v, false];
  if (!v.endsWith('%')) throw new IntOrStringError('invalid type: string is not a percentage');
  const s = v.slice(0, -1);
  try {
    return [atoi(s), true];
  } catch (e) {
    if (e instanceof NumError) throw new IntOrStringError(`invalid value ${goQuote(v)}: ${e.message}`);
    throw e;
  }
}

/**
 * `GetScaledValueFromIntOrPercent`: an int as is, or `pct% of total` rounded up (`roundUp`) or
 * down. Throws IntOrStringError: `invalid value for IntOrString: invalid type: string is not a
 * percentage`, `invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x":
 * invalid syntax`, or `nil value for IntOrString`.
 */
export function getScaledValueFromIntOrPercent(
  intOrPercent: IntOrString | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (intOrPercent == null) throw new IntOrStringError('nil value for IntOrString');
  let value: number;
  let isPercent: boolean;
  try {
    [value, isPercent] = getIntOrPercentValueSafely(intOrPercent);
  } catch (e) {
    if (e instanceof IntOrStringError)
      throw new IntOrStringError(`invalid value for IntOrString: ${e.message}`);
    throw e;
  }
  if (isPercent) {
    // float64 arithmetic, evaluated in the same order as upstream: value * total / 100.
    value = roundUp ? Math.ceil((value * total) / 100) : Math.floor((value * total) / 100);
  }
  return value;
}

/**
 * `ResolveFenceposts(maxSurge, maxUnavailable, desired)`: the rolling-update bounds of a
 * Deployment (reference §4.2). Surge rounds up, unavailable rounds down, a missing value is 0, and
 * if both come out 0 unavailable becomes 1 ("surge might not work due to quota").
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined | null,
  maxUnavailable: IntOrString | undefined | null,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(valueOrDefault(maxSurge, 0), desired, true);
  let unavailable = getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 0), desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge: toInt32(surge), unavailable: toInt32(unavailable) };
}

const toInt32 = (n: number): number => Number(BigInt.asIntN(32, BigInt(n)));

/** The parts of a Deployment that MaxSurge / MaxUnavailable read. */
export interface DeploymentStrategyLike {
  spec?: {
    replicas?: number;
    strategy?: {
      type?: string;
      rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
    };
  };
}

const isRollingUpdate = (d: DeploymentStrategyLike): boolean => d.spec?.strategy?.type === 'RollingUpdate';

/**
 * `MaxUnavailable(deployment)`: 0 unless RollingUpdate with replicas > 0; otherwise the resolved
 * unavailable value, capped at replicas. Errors count as 0 (validation rejects them earlier).
 */
export function maxUnavailable(d: DeploymentStrategyLike): number {
  const replicas = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  let unavailable = 0;
  try {
    unavailable = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable;
  } catch {
    unavailable = 0;
  }
  return unavailable > replicas ? replicas : unavailable;
}

/** `MaxSurge(deployment)`: 0 unless RollingUpdate; otherwise the resolved surge (not capped). */
export function maxSurge(d: DeploymentStrategyLike): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, d.spec?.replicas ?? 1).surge;
  } catch {
    return 0;
  }
}
