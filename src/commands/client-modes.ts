/**
 * CLIENT UNBLOCK, PAUSE, UNPAUSE, NO-EVICT, NO-TOUCH and SETINFO in redis-py's forms. NO-EVICT, NO-TOUCH and SETINFO
 * are properties of the connection they run on (the shared one, on StrictRedis), which a reconnect does not restore.
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { integerArg, wordArg } from './argument-checks.js';
import { defineCommand, IDEMPOTENT, WRITE } from './define.js';
import { asBoolean, asOk } from './transforms.js';

/** Options of CLIENT UNBLOCK. */
export interface ClientUnblockOptions {
  /** Unblock with an UNBLOCKED error rather than as if the timeout elapsed. */
  error?: boolean;
}

/** True when the client was blocked and is now unblocked. */
export const CLIENT_UNBLOCK = defineCommand({
  name: 'CLIENT UNBLOCK',
  maxArgs: 2,
  options: optionKeys<ClientUnblockOptions>({ error: true }),
  build: (client_id: number | bigint, options: ClientUnblockOptions = {}) => {
    const args: RedisArg[] = ['CLIENT', 'UNBLOCK', integerArg('CLIENT UNBLOCK', 'client_id', client_id, 'none')];
    if (options.error !== undefined && typeof options.error !== 'boolean') {
      throw new DataError('CLIENT UNBLOCK: error must be a boolean');
    }
    if (options.error === true) args.push('ERROR');
    return args;
  },
  transform: asBoolean,
  flags: WRITE,
});

/** Options of CLIENT PAUSE. */
export interface ClientPauseOptions {
  /** true (the default): pause every command; false: only writes (CLIENT PAUSE … WRITE). */
  all?: boolean;
}

export const CLIENT_PAUSE = defineCommand({
  name: 'CLIENT PAUSE',
  maxArgs: 2,
  options: optionKeys<ClientPauseOptions>({ all: true }),
  build: (timeout: number, options: ClientPauseOptions = {}) => {
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0) {
      throw new DataError('CLIENT PAUSE: timeout must be a non-negative integer (milliseconds)');
    }
    if (options.all !== undefined && typeof options.all !== 'boolean') {
      throw new DataError('CLIENT PAUSE: all must be a boolean');
    }
    return options.all === false ? ['CLIENT', 'PAUSE', timeout, 'WRITE'] : ['CLIENT', 'PAUSE', timeout];
  },
  transform: asOk,
  flags: WRITE,
});

export const CLIENT_UNPAUSE = defineCommand({
  name: 'CLIENT UNPAUSE',
  maxArgs: 0,
  build: () => ['CLIENT', 'UNPAUSE'],
  transform: asOk,
  flags: IDEMPOTENT,
});

/** CLIENT NO-EVICT and NO-TOUCH: `'ON'`/`'OFF'` (strings or Buffers, any case) for the connection; true. */
function connectionSwitch(subcommand: 'NO-EVICT' | 'NO-TOUCH') {
  const name = `CLIENT ${subcommand}`;
  return defineCommand({
    name,
    maxArgs: 1,
    build: (mode: 'ON' | 'OFF' | 'on' | 'off') => ['CLIENT', subcommand, wordArg(name, 'mode', mode, ['ON', 'OFF'])],
    transform: asOk,
    flags: IDEMPOTENT,
  });
}

/** Whether the connection is exempt from client eviction (a property of the shared connection on StrictRedis). */
export const CLIENT_NO_EVICT = connectionSwitch('NO-EVICT');

/** Whether the connection's commands leave the keys' LRU/LFU unchanged (Redis 7.2). */
export const CLIENT_NO_TOUCH = connectionSwitch('NO-TOUCH');

/** Sets the connection's `lib-name` or `lib-ver` as CLIENT LIST shows it (Redis 7.2). */
export const CLIENT_SETINFO = defineCommand({
  name: 'CLIENT SETINFO',
  maxArgs: 2,
  build: (attr: 'lib-name' | 'lib-ver' | 'LIB-NAME' | 'LIB-VER', value: string) => [
    'CLIENT',
    'SETINFO',
    wordArg('CLIENT SETINFO', 'attr', attr, ['LIB-NAME', 'LIB-VER']),
    value,
  ],
  transform: asOk,
  flags: IDEMPOTENT,
});
