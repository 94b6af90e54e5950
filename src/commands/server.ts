/** Server and connection commands. */
import type { RedisArg } from '../protocol/encoder.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulk, asInfo, asInteger, asOk, asStatus } from './transforms.js';
import type { ValueArg } from './types.js';

export const PING = defineCommand({
  name: 'PING',
  build: (message?: ValueArg): RedisArg[] => (message === undefined ? ['PING'] : ['PING', message]),
  transform: (reply: never) => (reply === 'PONG' ? true : (asStatus(reply) as string | true)),
  flags: READ_ONLY,
  route: 'random',
});

export const ECHO = defineCommand({
  name: 'ECHO',
  build: (message: ValueArg) => ['ECHO', message],
  transform: asBulk,
  flags: READ_ONLY,
});

export interface FlushOptions {
  /** Flush in the background (ASYNC) or not (SYNC); the server's default when omitted. */
  asynchronous?: boolean;
}

const flushMode = (options?: FlushOptions): RedisArg[] =>
  options?.asynchronous === undefined ? [] : [options.asynchronous ? 'ASYNC' : 'SYNC'];

export const FLUSHDB = defineCommand({
  name: 'FLUSHDB',
  build: (options?: FlushOptions) => ['FLUSHDB', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const FLUSHALL = defineCommand({
  name: 'FLUSHALL',
  build: (options?: FlushOptions) => ['FLUSHALL', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const DBSIZE = defineCommand({
  name: 'DBSIZE',
  build: () => ['DBSIZE'],
  transform: asInteger,
  flags: READ_ONLY,
  route: 'primaries-sum',
});

export const INFO = defineCommand({
  name: 'INFO',
  build: (...sections: string[]) => ['INFO', ...sections],
  transform: asInfo,
  flags: READ_ONLY,
  route: 'all-map',
});

export const SELECT = defineCommand({
  name: 'SELECT',
  build: (db: number) => ['SELECT', db],
  transform: asOk,
  flags: WRITE,
});

export const serverCommands = {
  ping: PING,
  echo: ECHO,
  flushdb: FLUSHDB,
  flushall: FLUSHALL,
  dbsize: DBSIZE,
  info: INFO,
};
