/**
 * The method types the clients get from the command table. Most are derived from the declarations; the few whose
 * reply type depends on an option are spelled out here.
 */
import type { CommandRegistry } from './registry.js';
import type { ScoreMapping, ZaddOptions, ZrangeByScoreOptions, ZrangeOptions } from './sorted-sets.js';
import type { SetOptions } from './strings.js';
import type { KeyArg, Resolve, ScoreArg, SpecArgs, SpecReply, ValueArg } from './types.js';

export interface MethodOverrides<V> {
  /** SET: `true`, or `false` when NX/XX prevented the write; with `get: true` the previous value or null. */
  set<const O extends SetOptions>(
    name: KeyArg,
    value: ValueArg,
    options?: O,
  ): Promise<O extends { get: true } ? V | null : boolean>;
  /** ZADD: how many members were added (or changed, with `ch`); with `incr: true` the new score or null. */
  zadd<const O extends ZaddOptions>(
    name: KeyArg,
    mapping: ScoreMapping,
    options?: O,
  ): Promise<O extends { incr: true } ? number | null : number>;
  /** ZRANGE: members, or `[member, score]` pairs with `withscores: true`. */
  zrange<const O extends ZrangeOptions>(
    name: KeyArg,
    start: ScoreArg,
    end: ScoreArg,
    options?: O,
  ): Promise<O extends { withscores: true } ? Array<[V, number]> : V[]>;
  /** ZRANGEBYSCORE: members, or `[member, score]` pairs with `withscores: true`. */
  zrangebyscore<const O extends ZrangeByScoreOptions>(
    name: KeyArg,
    min: ScoreArg,
    max: ScoreArg,
    options?: O,
  ): Promise<O extends { withscores: true } ? Array<[V, number]> : V[]>;
}

type Derived<S, V> = (...args: SpecArgs<S>) => Promise<Resolve<SpecReply<S>, V>>;

/** One promise-returning method per declared command; `V` is `string` or `Buffer` after decode_responses. */
export type CommandMethods<V> = {
  [K in keyof CommandRegistry]: K extends keyof MethodOverrides<V>
    ? MethodOverrides<V>[K]
    : Derived<CommandRegistry[K], V>;
};

/** The same methods on a pipeline: each queues its command and returns the pipeline, for chaining. */
export type PipelineMethods<Self> = {
  [K in keyof CommandRegistry]: (...args: SpecArgs<CommandRegistry[K]>) => Self;
};
