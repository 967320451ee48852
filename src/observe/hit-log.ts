import type { Logger } from '../types.js';
import type { OutcomeLog } from './probe.js';

/**
 * The `logHits` writer: one `logger.debug` line per decorated hit or miss with the function name
 * and the full key (the cache's prefix in front), as an operator would look it up in the backend.
 */
export function hitLog(logger: Logger, keyPrefix: () => string): OutcomeLog | undefined {
  const debug = logger.debug?.bind(logger);
  if (debug === undefined) return undefined;
  return (outcome, fname, key, tier) => {
    const where = key === undefined ? '' : ` ${keyPrefix()}${key}`;
    debug(`decocache: ${outcome} ${fname}${where}${tier === 'local' ? ' (local tier)' : ''}`);
  };
}
