/**
 * A tiny klog stand-in. Components log what the real ones would log at their default verbosity
 * (errors and notable actions); hosts may collect the lines, e.g. to show them as the
 * kube-controller-manager pod's logs. Logging never influences behaviour.
 */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export const nopLogger: Logger = { info: () => {}, error: () => {} };

/** A logger that prefixes every line with a component name. */
export function namedLogger(base: Logger, name: string): Logger {
  return {
    info: (m) => base.info(`${name}: ${m}`),
    error: (m) => base.error(`${name}: ${m}`),
  };
}
