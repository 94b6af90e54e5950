/**
 * The shape of a command declaration. Every command is declared once — name, argument builder, reply transform, key
 * positions and flags — and the clients, pipelines and cluster routing all read that one declaration.
 */
import type { ReplyTransform } from '../connection/command.js';
import type { RedisArg } from '../protocol/encoder.js';

declare const BULK: unique symbol;
declare const INT: unique symbol;
/**
 * Stands for a bulk string in declared reply types: `string` for clients with `decode_responses: true` (the default),
 * `Buffer` for clients with `decode_responses: false`. {@link Resolve} substitutes it.
 */
export interface Bulk {
  readonly [BULK]: 'bulk';
}

/**
 * Stands for an integer reply in declared reply types: `number` for clients with `integer_replies: 'number'` (the
 * default), `bigint` for clients with `integer_replies: 'bigint'`. {@link Resolve} substitutes it.
 */
export interface Int {
  readonly [INT]: 'int';
}

/**
 * Replaces {@link Bulk} in a declared reply type with the client's string type `V`, and {@link Int} with its integer
 * type `I`.
 */
export type Resolve<T, V, I = number> = T extends Bulk
  ? V
  : T extends Int
    ? I
    : T extends Buffer | Date | ((...args: never[]) => unknown)
      ? T
      : T extends Set<infer E>
        ? Set<Resolve<E, V, I>>
        : T extends Map<infer K, infer W>
          ? Map<Resolve<K, V, I>, Resolve<W, V, I>>
          : T extends object
            ? { [P in keyof T]: Resolve<T[P], V, I> }
            : T;

/** A key: text (encoded as UTF-8), bytes, or a number (sent as its decimal text, as redis-py does). */
export type KeyArg = string | Buffer | number;
/** A value: text, bytes or a number (sent as its decimal text). */
export type ValueArg = string | Buffer | Uint8Array | number | bigint;
/** A score or range bound: a number, or text such as `'-inf'`, `'(1.5'`. */
export type ScoreArg = number | string;

/**
 * Where the keys of a command are, as in the server's COMMAND INFO: argument indexes from `first` to `last` (negative
 * counts from the end: -1 is the last argument) every `step`; or a function for commands whose keys follow a count.
 */
export type KeyPositions = { first: number; last: number; step: number } | ((args: readonly RedisArg[]) => number[]);

/**
 * Where a keyless command goes in a cluster, and how the replies of a fan-out are combined:
 * - `random`: any one primary;
 * - `default-node`: the client's default node (redis-py's DEFAULT_NODE: one primary, kept until it fails or leaves);
 * - `primaries-sum` / `primaries-all-ok` / `primaries-concat` / `primaries-map`: every primary, replies summed,
 *   reduced to the first one once all succeeded, concatenated, or returned per node;
 * - `primaries-min`: every primary, the smallest reply (element by element for lists: WAIT, WAITAOF);
 * - `primaries-and`: every primary, lists of booleans combined element by element with AND (SCRIPT EXISTS);
 * - `primaries-any-ok`: every primary, the first success; rejects only when every node refused (SCRIPT KILL);
 * - `all-map` / `all-all-ok` / `all-sum`: every node (replicas too), per node, reduced to the first reply once all
 *   succeeded, or summed;
 * - `all-union`: every node, the distinct elements of the lists (PUBSUB CHANNELS);
 * - `all-pair-sum`: every node, `[name, count]` pairs added up by name (PUBSUB NUMSUB);
 * - `not-in-cluster`: refused before anything is sent (SWAPDB, REPLICAOF, FAILOVER, SHUTDOWN…).
 */
export type ClusterRoute =
  | 'random'
  | 'default-node'
  | 'primaries-sum'
  | 'primaries-all-ok'
  | 'primaries-concat'
  | 'primaries-map'
  | 'primaries-min'
  | 'primaries-and'
  | 'primaries-any-ok'
  | 'all-map'
  | 'all-all-ok'
  | 'all-sum'
  | 'all-union'
  | 'all-pair-sum'
  | 'not-in-cluster';

/** How a multi-key command is split by slot in a cluster and its replies put back together. */
export interface SplitPolicy {
  /** Arguments per key after the command name: 1 for MGET/DEL, 2 for MSET (key, value). */
  stride: 1 | 2;
  /** `ordered`: concatenate replies in the caller's key order (MGET); `sum`: add integer replies (DEL, EXISTS); `all-ok`: MSET. */
  merge: 'ordered' | 'sum' | 'all-ok';
}

/**
 * The most arguments a method with parameters `A` takes: a number, or `'variadic'` for a rest parameter. Declarations
 * spell it out (the types vanish at run time) and the compiler checks that it matches `build`'s parameters.
 */
export type MaxArgs<A extends unknown[]> = number extends Required<A>['length'] ? 'variadic' : Required<A>['length'];

export interface CommandSpec<A extends unknown[] = unknown[], R = unknown> {
  /** The command as the server knows it, e.g. `SET` or `CLIENT LIST`. */
  readonly name: string;
  /** Builds the full argument vector, command name first. */
  build(...args: A): RedisArg[];
  /**
   * How many arguments the method takes at most ({@link MaxArgs}); a call with more raises DataError before anything
   * is sent, so a redis-py call whose extra arguments this method has no place for never silently drops them.
   */
  readonly maxArgs: MaxArgs<A>;
  /**
   * The names an options object may hold (see {@link optionKeys}). The options object is the argument at
   * `maxArgs - 1` (or, for variadic methods, a trailing plain object); it must be a plain object whose keys are all
   * listed here, else DataError names the unknown key.
   */
  readonly options?: readonly string[];
  /** Turns the reply into what the method returns. */
  readonly transform: (reply: never, command: never) => R;
  /** Picks a different transform when the options change the reply's shape (e.g. SET with GET). */
  transformFor?(...args: A): ReplyTransform | undefined;
  readonly keys?: KeyPositions;
  /** {@link CommandFlags} bits: read-only, idempotent (absolute state), blocking. */
  readonly flags: number;
  /**
   * Different flags for these arguments, when an option makes a repeat unsafe (SET with NX or GET is not idempotent
   * though SET is); undefined keeps `flags`.
   */
  flagsFor?(...args: A): number | undefined;
  /**
   * For blocking commands: how long (ms) the server may block, so the client waits that long plus a margin; 0 =
   * forever; negative when these arguments do not block at all (XREAD without BLOCK), so the shared connection runs it.
   */
  blockingTimeoutMs?(...args: A): number;
  /** Cluster routing for commands without keys (default `random`). */
  readonly route?: ClusterRoute;
  /**
   * For commands that name a hash slot rather than a key (CLUSTER COUNTKEYSINSLOT, GETKEYSINSLOT, SETSLOT…): the
   * index in the built argument vector of that slot number, or a function of the vector giving it (-1: none). The
   * cluster sends the command to the slot's owner, as redis-py does for its SLOT_ID commands.
   */
  readonly slotArg?: number | ((args: readonly RedisArg[]) => number);
  /** Cluster splitting for multi-key commands that may span slots. */
  readonly split?: SplitPolicy;
  /** True for commands whose keys must share one slot even in a cluster (atomic multi-key commands). */
  readonly sameSlot?: boolean;
  /**
   * For arguments whose answer is known without asking the server (MGET of no keys: `[]`, redis-py's EMPTY_RESPONSE):
   * that answer, and nothing is sent. Undefined for every other call.
   */
  emptyResponse?(...args: A): { value: R } | undefined;
  /** Bulk replies always as Buffers, whatever decode_responses says (DUMP's serialized value is binary). */
  readonly wantsBuffers?: true;
  /**
   * For commands that change the state of the connection they run on (AUTH, SELECT, CLIENT SETNAME, RESET): what they
   * change, so that StrictRedis can keep its reconnect handshake and its other connections in step. Everywhere else
   * (pipelines, transactions, cluster clients) such a command raises DataError before it is sent.
   */
  session?(...args: A): SessionEffect | undefined;
  /**
   * Arguments the server may echo in an error reply that must never reach an error message (ACL SETUSER passwords):
   * they are replaced by `***` in the message and stack of any error the command rejects with.
   */
  secrets?(...args: A): string[];
  /**
   * For a method that returns a builder instead of sending (redis-py's `bitfield(key)`): makes the builder from the
   * method's arguments and `send`, which runs this declaration with the builder's arguments on whatever the method
   * was called on — a client, a pipeline, a transaction's connection — and returns what that returns.
   */
  builder?(send: (...args: A) => unknown, args: readonly unknown[]): unknown;
  /**
   * The server closes the connection when the command succeeds (SHUTDOWN): losing the connection after the command
   * was written resolves the call with null instead of rejecting it.
   */
  readonly closesConnection?: true;
  /**
   * A read whose reply depends only on the data of its one key (GET, HGETALL, ZRANGE…), so a client-side cache may
   * keep it until the server invalidates the key (see docs/caching.md). Never set for replies that depend on time,
   * chance or the connection (TTL, SRANDMEMBER, OBJECT…). A call naming more than one key is not cached.
   */
  readonly cacheable?: true;
}

/**
 * How a command changes the state of its connection. StrictRedis applies it to the configuration its handshake sends
 * after every reconnect (and to the connections of its pool), so the client stays as the caller left it.
 */
export type SessionEffect =
  | { readonly kind: 'auth'; readonly password: string; readonly username: string | undefined }
  | { readonly kind: 'select'; readonly db: number }
  | { readonly kind: 'setname'; readonly name: string | undefined }
  /** RESET: the connection returns to the server's defaults, so the client's handshake is sent again right after. */
  | { readonly kind: 'reset' };

/** Any declared command, for code that only dispatches (method syntax keeps argument lists assignable). */
export interface AnyCommandSpec extends Omit<CommandSpec<unknown[], unknown>, 'maxArgs'> {
  readonly maxArgs: number | 'variadic';
}

/** The arguments a declared command's method takes. */
export type SpecArgs<S> = S extends CommandSpec<infer A, unknown> ? A : never;
/** The declared (placeholder) reply type of a command. */
export type SpecReply<S> = S extends { transform: (...args: never[]) => infer R } ? R : unknown;
