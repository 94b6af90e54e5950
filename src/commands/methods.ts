/**
 * The method types the clients get from the command table. Most are derived from the declarations; the few whose
 * reply type depends on an option are spelled out here.
 */

import type { BitFieldOperation, BitfieldOverflow } from './bitfield.js';
import type { CallOptions, WithCallOptions } from './call-forms.js';
import type { ClientKillFilter } from './client-commands.js';
import type { GeoNumber, GeoPosition, GeoradiusOptions, GeoradiusRoOptions, GeosearchOptions } from './geo-args.js';
import type { HrandfieldOptions } from './hashes.js';
import type { LcsIdxResult, LcsMatch, LcsOptions, LcsRange } from './lcs.js';
import type { LposOptions } from './lists.js';
import type { CommandRegistry } from './registry.js';
import type { SortOptions } from './sort.js';
import type { WeightedKeys, ZinterOptions, ZunionOptions } from './sorted-set-algebra.js';
import type { ZrangeByScoreOptions, ZrangeOptions, ZrevrangeOptions } from './sorted-set-ranges.js';
import type { CastScore } from './sorted-set-scores.js';
import type { ScoreMapping, WithScoresOption, ZaddOptions, ZrankOptions, ZscanOptions } from './sorted-sets.js';
import type { XautoclaimOptions, XclaimOptions } from './stream-claims.js';
import type { ClaimedEntry, StreamId } from './stream-entries.js';
import type { SetOptions } from './strings.js';
import type { KeyArg, Resolve, ScoreArg, SpecArgs, SpecReply, ValueArg } from './types.js';

/** One GEORADIUS/GEOSEARCH result: the member, then the distance, geohash and position the options asked for. */
export type GeoItem<V, O> = [
  V,
  ...(O extends { withdist: true } ? [number] : []),
  ...(O extends { withhash: true } ? [number] : []),
  ...(O extends { withcoord: true } ? [GeoPosition] : []),
];
/** Plain members, or per-member arrays with any `with…` option. */
export type GeoSearchReply<V, O> = O extends { withdist: true } | { withhash: true } | { withcoord: true }
  ? Array<GeoItem<V, O>>
  : V[];
/** As {@link GeoSearchReply}; the stored count with `store` or `store_dist`. */
export type GeoRadiusReply<V, I, O> = O extends { store: KeyArg } | { store_dist: KeyArg } ? I : GeoSearchReply<V, O>;

/** GEORADIUS(_RO) around a point, with options of type `B`. */
type GeoAroundPoint<V, I, B, K extends ReplyKind> = <const O extends B>(
  name: KeyArg,
  longitude: GeoNumber,
  latitude: GeoNumber,
  radius: GeoNumber,
  options?: O,
  call?: CallOptions,
) => Returns<K, GeoRadiusReply<V, I, O>>;
/** GEORADIUSBYMEMBER(_RO) around a member, with options of type `B`. */
type GeoAroundMember<V, I, B, K extends ReplyKind> = <const O extends B>(
  name: KeyArg,
  member: ValueArg,
  radius: GeoNumber,
  options?: O,
  call?: CallOptions,
) => Returns<K, GeoRadiusReply<V, I, O>>;

/**
 * What a command method gives back for a reply of type `reply`: a type-level function, applied with
 * {@link Returns}. Clients return promises ({@link PromiseKind}); pipelines return themselves, their type recording
 * the reply of each queued command, so that `execute()` resolves to a typed tuple.
 */
export interface ReplyKind {
  readonly reply: unknown;
  readonly result: unknown;
}

/** `K` applied to the reply type `R`. */
export type Returns<K extends ReplyKind, R> = (K & { readonly reply: R })['result'];

/** Client methods: a promise of the reply. */
export interface PromiseKind extends ReplyKind {
  readonly result: Promise<this['reply']>;
}

/** Command methods whose reply type depends on an argument (declared by hand). */
export interface MethodOverrides<V, I = number, K extends ReplyKind = PromiseKind> {
  /** SET: `true`, or `false` when NX/XX prevented the write; with `get: true` the previous value or null. */
  set<const O extends SetOptions>(
    name: KeyArg,
    value: ValueArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { get: true } ? V | null : boolean>;
  /** ZADD: how many members were added (or changed, with `ch`); with `incr: true` the new score or null. */
  zadd<const O extends ZaddOptions>(
    name: KeyArg,
    mapping: ScoreMapping,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { incr: true } ? number | null : I>;
  /** ZRANGE: members, or `[member, score]` pairs with `withscores: true` (scores through `score_cast_func`). */
  zrange<const O extends ZrangeOptions>(
    name: KeyArg,
    start: ScoreArg,
    end: ScoreArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, CastScore<O>]> : V[]>;
  /** ZRANGEBYSCORE: members, or `[member, score]` pairs with `withscores: true` (scores through `score_cast_func`). */
  zrangebyscore<const O extends ZrangeByScoreOptions>(
    name: KeyArg,
    min: ScoreArg,
    max: ScoreArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, CastScore<O>]> : V[]>;
  /** SPOP: one member (null when the set is empty); with a count, a list of up to that many. */
  spop<C extends number | null | undefined = undefined>(
    name: KeyArg,
    count?: C,
    call?: CallOptions,
  ): Returns<K, C extends number ? V[] : V | null>;
  /** SRANDMEMBER: one member or null; with a count, a list (negative counts may repeat members). */
  srandmember<C extends number | null | undefined = undefined>(
    name: KeyArg,
    number?: C,
    call?: CallOptions,
  ): Returns<K, C extends number ? V[] : V | null>;
  /** ZREVRANGE: members highest first, or `[member, score]` pairs with `withscores: true`. */
  zrevrange<const O extends ZrevrangeOptions>(
    name: KeyArg,
    start: number,
    end: number,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, CastScore<O>]> : V[]>;
  /** ZREVRANGEBYSCORE: members from max down to min, or pairs with `withscores: true`. */
  zrevrangebyscore<const O extends ZrangeByScoreOptions>(
    name: KeyArg,
    max: ScoreArg,
    min: ScoreArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, CastScore<O>]> : V[]>;
  /** ZUNION: members, or pairs with `withscores: true`; keys may carry weights (`{ key: weight }`). */
  zunion<const O extends ZunionOptions>(
    keys: WeightedKeys,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, CastScore<O>]> : V[]>;
  /** ZINTER: as {@link zunion} (without `score_cast_func`, as in redis-py). */
  zinter<const O extends ZinterOptions>(
    keys: WeightedKeys,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, number]> : V[]>;
  /** ZDIFF: members of the first key in none of the others, or pairs with `withscores: true`. */
  zdiff<const O extends WithScoresOption>(
    keys: KeyArg | readonly KeyArg[],
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscores: true } ? Array<[V, number]> : V[]>;
  /** ZRANK: the rank or null; `[rank, score]` (or null) with `withscore: true` (Redis 7.2). */
  zrank<const O extends ZrankOptions>(
    name: KeyArg,
    value: ValueArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscore: true } ? [number, CastScore<O>] | null : I | null>;
  /** ZREVRANK: as {@link zrank}, by descending score. */
  zrevrank<const O extends ZrankOptions>(
    name: KeyArg,
    value: ValueArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { withscore: true } ? [number, CastScore<O>] | null : I | null>;
  /** ZSCAN: `[next cursor, [member, score] pairs]`, scores through `score_cast_func`. */
  zscan<const O extends ZscanOptions>(
    name: KeyArg,
    cursor?: number | string,
    options?: O,
    call?: CallOptions,
  ): Returns<K, [number, Array<[V, CastScore<O>]>]>;
  /** ZRANDMEMBER: one member or null; with a count a list, or pairs with `withscores: true`. */
  zrandmember<C extends number | undefined = undefined, const O extends WithScoresOption = WithScoresOption>(
    name: KeyArg,
    count?: C,
    options?: O,
    call?: CallOptions,
  ): Returns<K, C extends number ? (O extends { withscores: true } ? Array<[V, number]> : V[]) : V | null>;
  /** XCLAIM: the claimed entries, or only their IDs with `justid: true`. */
  xclaim<const O extends XclaimOptions>(
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    min_idle_time: number,
    message_ids: StreamId | readonly StreamId[],
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { justid: true } ? V[] : Array<Resolve<ClaimedEntry, V>>>;
  /** XAUTOCLAIM: `[next start ID, claimed entries, IDs that no longer exist]`; only the claimed IDs with `justid`. */
  xautoclaim<const O extends XautoclaimOptions>(
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    min_idle_time: number,
    start_id?: StreamId,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { justid: true } ? V[] : [V, Array<Resolve<ClaimedEntry, V>>, V[]]>;
  /** LPOP: one element or null; with a count, a list (null for a missing key). */
  lpop<C extends number | null | undefined = undefined>(
    name: KeyArg,
    count?: C,
    call?: CallOptions,
  ): Returns<K, C extends number ? V[] | null : V | null>;
  /** RPOP: as {@link lpop}, from the tail. */
  rpop<C extends number | null | undefined = undefined>(
    name: KeyArg,
    count?: C,
    call?: CallOptions,
  ): Returns<K, C extends number ? V[] | null : V | null>;
  /** LPOS: the first matching index or null; with `count`, a list of indexes. */
  lpos<const O extends LposOptions>(
    name: KeyArg,
    value: ValueArg,
    options?: O,
    call?: CallOptions,
  ): Returns<K, O extends { count: number } ? I[] : I | null>;
  /** HRANDFIELD: one field or null; with a count a list; with `{ withvalues: true }` `[field, value]` pairs. */
  hrandfield<C extends number | null | undefined = undefined, const O extends HrandfieldOptions = HrandfieldOptions>(
    key: KeyArg,
    count?: C,
    options?: O,
    call?: CallOptions,
  ): Returns<K, C extends number ? (O extends { withvalues: true } ? Array<[V, V]> : V[]) : V | null>;
  /** LCS: the common subsequence; its length with `len: true`; `{ matches, len }` with `idx: true`. */
  lcs<const O extends LcsOptions>(
    key1: KeyArg,
    key2: KeyArg,
    options?: O,
    call?: CallOptions,
  ): Returns<
    K,
    O extends { len: true }
      ? I
      : O extends { idx: true }
        ? LcsIdxResult<O extends { withmatchlen: true } ? [LcsRange, LcsRange, number] : [LcsRange, LcsRange]>
        : O extends { idx: boolean }
          ? V | LcsIdxResult<LcsMatch>
          : V
  >;
  /**
   * SORT: the sorted elements (null for missing GET targets); with `store`, the stored list's length; with `groups`,
   * one array of GET values per element.
   */
  sort<const O extends SortOptions>(
    name: KeyArg,
    options?: O,
    call?: CallOptions,
  ): Returns<
    K,
    O extends { store: KeyArg }
      ? I
      : O extends { groups: true }
        ? Array<Array<V | null>>
        : O extends { get: unknown }
          ? Array<V | null>
          : V[]
  >;
  /** BITFIELD: a builder whose `execute()` sends one BITFIELD and resolves to one result per GET/SET/INCRBY. */
  bitfield(key: KeyArg, default_overflow?: BitfieldOverflow | null): BitFieldOperation<Returns<K, Array<I | null>>>;
  /** CLIENT KILL: `true` for the address form; the number of closed connections with a filter. */
  client_kill<T extends string | ClientKillFilter>(
    target: T,
    call?: CallOptions,
  ): Returns<K, T extends string ? true : I>;
  /** Alias of {@link client_kill}. */
  clientKill<T extends string | ClientKillFilter>(
    target: T,
    call?: CallOptions,
  ): Returns<K, T extends string ? true : I>;
  /** GEORADIUS: members, `[member, dist?, hash?, [lon, lat]?]` arrays with `with…`, the count with `store(_dist)`. */
  georadius: GeoAroundPoint<V, I, GeoradiusOptions, K>;
  /** GEORADIUSBYMEMBER: as {@link georadius}, centered on `member`. */
  georadiusbymember: GeoAroundMember<V, I, GeoradiusOptions, K>;
  /** GEORADIUS_RO: members, or per-member arrays with `with…` options. */
  georadius_ro: GeoAroundPoint<V, I, GeoradiusRoOptions, K>;
  /** GEORADIUSBYMEMBER_RO: as {@link georadius_ro}, centered on `member`. */
  georadiusbymember_ro: GeoAroundMember<V, I, GeoradiusRoOptions, K>;
  /** PING: true (the server's PONG); with `message`, that message back as a string (true if it is `'PONG'`). */
  ping<const M extends ValueArg | undefined = undefined>(
    message?: M,
    call?: CallOptions,
  ): Returns<K, [M] extends [undefined] ? true : string | true>;
  /** GEOSEARCH: members, or `[member, dist?, hash?, [lon, lat]?]` arrays with `with…` options. */
  geosearch<const O extends GeosearchOptions>(
    name: KeyArg,
    options: O,
    call?: CallOptions,
  ): Returns<K, GeoSearchReply<V, O>>;
}

/**
 * One method per declared command; `V` is `string` or `Buffer` after decode_responses, `I` is `number` or `bigint`
 * after integer_replies. `K` says what a method returns for a reply of type `R`: `Promise<R>` on a client (the
 * default, {@link PromiseKind}); on a pipeline, the pipeline with `R` appended to the types of its queued replies.
 */
export type CommandMethods<V, I = number, K extends ReplyKind = PromiseKind> = {
  // The function type is written out (not a named alias) so that editors show `(key: KeyArg) => Promise<…>`.
  [C in keyof CommandRegistry]: C extends keyof MethodOverrides<V, I, K>
    ? MethodOverrides<V, I, K>[C]
    : (...args: CallArgs<K, SpecArgs<CommandRegistry[C]>>) => Returns<K, Resolve<SpecReply<CommandRegistry[C]>, V, I>>;
};

/** A client method's arguments may end with call options (`{ signal }`); a queued pipeline command takes none. */
type CallArgs<K extends ReplyKind, A extends unknown[]> = K extends PromiseKind ? WithCallOptions<A> : A;

/**
 * Methods that change the state of the connection they run on: only StrictRedis's own methods keep the client in step
 * with them, so pipelines (whose `reset()` drops the queued commands, as in redis-py) do not offer them.
 */
export type SessionMethod = 'auth' | 'select' | 'reset' | 'client_setname' | 'clientSetname';

/** The command methods of a pipeline whose method calls return `K`'s result (no session methods). */
export type PipelineMethods<V, I, K extends ReplyKind> = Omit<CommandMethods<V, I, K>, SessionMethod>;
