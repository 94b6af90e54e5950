/**
 * COMMAND and its subcommands: the server's command table. Replies have one shape whatever the protocol — redis-py's
 * unified COMMAND shape (flag and category sets), with its raw parts (tips, key specifications, subcommands) turned
 * into lists and records too, since their RESP2 and RESP3 forms differ.
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, READ_ONLY } from './define.js';
import { asBulkArray, asInt, asInteger, entries, setField, text, toArray } from './transforms.js';
import type { Bulk, ValueArg } from './types.js';

/** Where a command's keys are, as COMMAND describes it (Redis 7): `begin_search` and `find_keys` with their specs. */
export interface KeySpecification {
  flags: string[];
  begin_search: { type: string; spec: Record<string, string | number> };
  find_keys: { type: string; spec: Record<string, string | number> };
  notes?: string;
}

/** One command of the server's table, in redis-py's shape. */
export interface CommandInfo {
  name: string;
  /** Argument count including the name; negative: at least that many. */
  arity: number;
  flags: Set<string>;
  first_key_pos: number;
  last_key_pos: number;
  step_count: number;
  acl_categories: Set<string>;
  /** Hints for clients (`request_policy:all_shards`, `nondeterministic_output`…). */
  tips: string[];
  key_specifications: KeySpecification[];
  /** The subcommands of a container command (`config|get`…), in the same shape. */
  subcommands: CommandInfo[];
}

/** An integer as a number, anything else as text. */
export function scalar(value: RespValue): string | number {
  return typeof value === 'number' ? value : text(value);
}

/** A map (RESP3) or flat `[k, v, …]` array (RESP2) of scalars as an ordinary record (names stored with setField). */
export function scalarRecord(value: RespValue): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of entries(value)) setField(out, text(k), scalar(v));
  return out;
}

function keySpecification(value: RespValue): KeySpecification {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries(value)) {
    const key = text(k);
    if (key === 'flags') out[key] = toArray(v).map(text);
    else if (key === 'begin_search' || key === 'find_keys') {
      const search: Record<string, unknown> = {};
      for (const [sk, sv] of entries(v))
        setField(search, text(sk), text(sk) === 'spec' ? scalarRecord(sv) : scalar(sv));
      out[key] = search;
    } else setField(out, key, scalar(v));
  }
  return out as unknown as KeySpecification;
}

function commandInfo(entry: RespValue): CommandInfo {
  const e = toArray(entry);
  return {
    name: text(e[0]),
    arity: asInteger(e[1]),
    flags: new Set(toArray(e[2]).map(text)),
    first_key_pos: asInteger(e[3]),
    last_key_pos: asInteger(e[4]),
    step_count: asInteger(e[5]),
    acl_categories: new Set(e.length > 6 ? toArray(e[6]).map(text) : []),
    tips: e.length > 7 ? toArray(e[7]).map(text) : [],
    key_specifications: e.length > 8 ? toArray(e[8]).map(keySpecification) : [],
    subcommands: e.length > 9 ? toArray(e[9]).map(commandInfo) : [],
  };
}

/** COMMAND / COMMAND INFO replies by command name (unknown names, nil in COMMAND INFO, are left out). */
function parseCommands(reply: RespValue): Record<string, CommandInfo> {
  const out: Record<string, CommandInfo> = {};
  for (const entry of toArray(reply)) {
    if (entry === null) continue;
    const info = commandInfo(entry);
    setField(out, info.name, info);
  }
  return out;
}

export const COMMAND = defineCommand({
  name: 'COMMAND',
  maxArgs: 0,
  build: () => ['COMMAND'],
  transform: parseCommands,
  flags: READ_ONLY,
});

/** redis-py refuses COMMAND INFO; here it is the {@link COMMAND} shape for the named commands only. */
export const COMMAND_INFO = defineCommand({
  name: 'COMMAND INFO',
  maxArgs: 'variadic',
  build: (...commands: string[]): RedisArg[] => ['COMMAND', 'INFO', ...commands],
  transform: parseCommands,
  flags: READ_ONLY,
});

export const COMMAND_COUNT = defineCommand({
  name: 'COMMAND COUNT',
  maxArgs: 0,
  build: () => ['COMMAND', 'COUNT'],
  transform: asInt,
  flags: READ_ONLY,
});

/** The filters of COMMAND LIST (redis-py's keyword arguments); the server takes one at most. */
export interface CommandListOptions {
  /** Commands of this module. */
  module?: string;
  /** Commands of this ACL category (FILTERBY ACLCAT). */
  category?: string;
  /** Commands whose name matches this glob. */
  pattern?: string;
}

export const COMMAND_LIST = defineCommand({
  name: 'COMMAND LIST',
  maxArgs: 1,
  options: optionKeys<CommandListOptions>({ module: true, category: true, pattern: true }),
  build: (options: CommandListOptions = {}): RedisArg[] => {
    const filters: RedisArg[][] = [];
    if (options.module !== undefined) filters.push(['MODULE', options.module]);
    if (options.category !== undefined) filters.push(['ACLCAT', options.category]);
    if (options.pattern !== undefined) filters.push(['PATTERN', options.pattern]);
    if (filters.length > 1) throw new DataError('COMMAND LIST takes one filter at most (module, category or pattern)');
    return filters.length === 0 ? ['COMMAND', 'LIST'] : ['COMMAND', 'LIST', 'FILTERBY', ...filters[0]];
  },
  transform: asBulkArray,
  flags: READ_ONLY,
});

function needsCommand(name: string, args: readonly unknown[]): void {
  if (args.length === 0) throw new DataError(`${name} needs a command to look at`);
}

/** The keys of the full command `...args`. */
export const COMMAND_GETKEYS = defineCommand({
  name: 'COMMAND GETKEYS',
  maxArgs: 'variadic',
  build: (...args: ValueArg[]): RedisArg[] => {
    needsCommand('COMMAND GETKEYS', args);
    return ['COMMAND', 'GETKEYS', ...args];
  },
  transform: asBulkArray,
  flags: READ_ONLY,
});

/** `[key, flags]` for each key of the full command `...args`; flags such as `RW`, `access`, `insert`. */
export const COMMAND_GETKEYSANDFLAGS = defineCommand({
  name: 'COMMAND GETKEYSANDFLAGS',
  maxArgs: 'variadic',
  build: (...args: ValueArg[]): RedisArg[] => {
    needsCommand('COMMAND GETKEYSANDFLAGS', args);
    return ['COMMAND', 'GETKEYSANDFLAGS', ...args];
  },
  transform: (reply: RespValue): Array<[Bulk, string[]]> =>
    toArray(reply).map((pair) => {
      const [key, flags] = toArray(pair);
      return [key as unknown as Bulk, toArray(flags).map(text)];
    }),
  flags: READ_ONLY,
});

/** One argument of a command, as COMMAND DOCS describes it. */
export interface CommandArgumentDoc {
  name: string;
  type: string;
  display_text?: string;
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  flags?: string[];
  deprecated_since?: string;
  /** The parts of a block or one-of argument. */
  arguments?: CommandArgumentDoc[];
}

/** A command's documentation as COMMAND DOCS gives it. */
export interface CommandDoc {
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  module?: string;
  doc_flags?: string[];
  deprecated_since?: string;
  replaced_by?: string;
  /** `[version, change]` pairs. */
  history?: Array<[string, string]>;
  arguments?: CommandArgumentDoc[];
  subcommands?: Record<string, CommandDoc>;
}

function argumentDoc(value: RespValue): CommandArgumentDoc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries(value)) {
    const key = text(k);
    if (key === 'arguments') out[key] = toArray(v).map(argumentDoc);
    else if (key === 'flags') out[key] = toArray(v).map(text);
    else out[key] = scalar(v);
  }
  return out as unknown as CommandArgumentDoc;
}

function commandDoc(value: RespValue): CommandDoc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries(value)) {
    const key = text(k);
    if (key === 'arguments') out[key] = toArray(v).map(argumentDoc);
    else if (key === 'subcommands') out[key] = parseDocs(v);
    else if (key === 'doc_flags') out[key] = toArray(v).map(text);
    else if (key === 'history') out[key] = toArray(v).map((h) => toArray(h).map(text));
    else out[key] = scalar(v);
  }
  return out as unknown as CommandDoc;
}

function parseDocs(reply: RespValue): Record<string, CommandDoc> {
  const out: Record<string, CommandDoc> = {};
  for (const [name, doc] of entries(reply)) out[text(name)] = commandDoc(doc);
  return out;
}

/**
 * redis-py refuses COMMAND DOCS; here: the documentation of the named commands (every command without names) by
 * name, each `{ summary, since, group, complexity, history, arguments, subcommands, … }` as ordinary records.
 */
export const COMMAND_DOCS = defineCommand({
  name: 'COMMAND DOCS',
  maxArgs: 'variadic',
  build: (...commands: string[]): RedisArg[] => ['COMMAND', 'DOCS', ...commands],
  transform: parseDocs,
  flags: READ_ONLY,
});

export const commandIntrospectionCommands = {
  /** COMMAND: every command of the server by name: `{ name, arity, flags, first_key_pos, …, subcommands }`. */
  command: COMMAND,
  /** COMMAND INFO: the same records for the named commands (unknown names are left out). */
  command_info: COMMAND_INFO,
  /** COMMAND COUNT: the number of commands the server knows. */
  command_count: COMMAND_COUNT,
  /** Alias of {@link command_count}. */
  commandCount: COMMAND_COUNT,
  /** COMMAND LIST: the command names; one filter of `{ module, category, pattern }`. */
  command_list: COMMAND_LIST,
  /** COMMAND GETKEYS: the keys of the full command `...args`. */
  command_getkeys: COMMAND_GETKEYS,
  /** COMMAND GETKEYSANDFLAGS: `[key, flags]` for each key of the full command `...args`. */
  command_getkeysandflags: COMMAND_GETKEYSANDFLAGS,
  /** COMMAND DOCS: the documentation of the named commands (all without names), by name. */
  command_docs: COMMAND_DOCS,
};
