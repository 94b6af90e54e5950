/**
 * Decoder benchmark: strict-redis' RespDecoder against redis-parser (the parser of ioredis 5) and the decoders of
 * ioredis 6 and node-redis 5 (imported from their packages' files), same input, same process, contenders interleaved
 * round by round; the table reports medians. Run with `npm run bench:codec`.
 */
import { createRequire } from 'node:module';
import RedisParser from 'redis-parser';
import { RespDecoder } from '../../src/protocol/decoder.js';
import { CommandEncoder, type RedisArg } from '../../src/protocol/encoder.js';
import type { RespValue } from '../../src/protocol/types.js';
import { bigArrays, hashes, largeBulks, smallReplies, type Workload } from './workloads.js';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const SAMPLE_MS = Number(process.env.SAMPLE_MS ?? 30);
/** Only run workloads whose name contains this text. */
const ONLY = process.env.ONLY;

interface Contender {
  /** The decoder, e.g. `redis-parser`. */
  name: string;
  /** The decoder and its mode, e.g. `redis-parser (buffers)`. */
  label: string;
  /** Feeds the whole workload once; returns the number of replies seen. */
  pass(chunks: Buffer[]): number;
}

/** Keeps results observable so the work can't be optimised away. */
let sink = 0;

/**
 * Reads the reply as a consumer would. This makes V8 flatten a string built by concatenation: redis-parser returns a
 * large bulk as a rope of its chunks, and the first read of such a string copies it into one flat string.
 */
function touch(value: unknown): void {
  if (typeof value === 'string') sink += value.indexOf('\n');
}

function ours(buffers: boolean, read = false): Contender {
  let replies = 0;
  const decoder = new RespDecoder({
    wantsBuffers: () => buffers,
    onReply: (value: RespValue) => {
      replies++;
      if (Array.isArray(value)) sink += value.length;
      if (read) touch(value);
    },
    onPush: () => {},
  });
  return {
    name: 'strict-redis',
    label: `strict-redis (${buffers ? 'buffers' : 'strings'})`,
    pass(chunks) {
      replies = 0;
      for (let i = 0; i < chunks.length; i++) decoder.feed(chunks[i]);
      return replies;
    },
  };
}

function reference(buffers: boolean, read = false): Contender {
  let replies = 0;
  const parser = new RedisParser({
    returnBuffers: buffers,
    returnReply: (value: unknown) => {
      replies++;
      if (Array.isArray(value)) sink += value.length;
      if (read) touch(value);
    },
    returnError: () => {
      replies++;
    },
  });
  return {
    name: 'redis-parser',
    label: `redis-parser (${buffers ? 'buffers' : 'strings'})`,
    pass(chunks) {
      replies = 0;
      for (let i = 0; i < chunks.length; i++) parser.execute(chunks[i]);
      return replies;
    },
  };
}

/** The decoder class ioredis 6 and node-redis 5 share (RESP type byte → JS constructor mapping). */
interface MappedDecoder {
  write(chunk: Buffer): void;
}
type MappedDecoderClass = new (options: {
  onReply(reply: unknown): void;
  onErrorReply(error: unknown): void;
  onPush(push: unknown[]): void;
  getTypeMapping(): Record<number, unknown>;
}) => MappedDecoder;

const require = createRequire(import.meta.url);

/** A decoder class from a package file, or undefined when that package (version) doesn't have it. */
function loadDecoder(path: string): MappedDecoderClass | undefined {
  try {
    return (require(path) as { Decoder?: MappedDecoderClass }).Decoder;
  } catch {
    return undefined;
  }
}

const MAPPED_DECODERS: [string, string][] = [
  ['ioredis 6', 'ioredis/built/resp/decoder.js'],
  ['node-redis', '@redis/client/dist/lib/RESP/decoder.js'],
];

const BLOB_STRING = 36;
const VERBATIM_STRING = 61;
const MAP = 37;

function mapped(name: string, Decoder: MappedDecoderClass, buffers: boolean, read = false): Contender {
  let replies = 0;
  // Bulks as Buffers or strings, and RESP3 maps as Map, as strict-redis returns them.
  const mapping: Record<number, unknown> = buffers
    ? { [BLOB_STRING]: Buffer, [VERBATIM_STRING]: Buffer, [MAP]: Map }
    : { [MAP]: Map };
  const decoder = new Decoder({
    getTypeMapping: () => mapping,
    onReply: (value) => {
      replies++;
      if (Array.isArray(value)) sink += value.length;
      if (read) touch(value);
    },
    onErrorReply: () => {
      replies++;
    },
    onPush: () => {},
  });
  return {
    name,
    label: `${name} (${buffers ? 'buffers' : 'strings'})`,
    pass(chunks) {
      replies = 0;
      for (let i = 0; i < chunks.length; i++) decoder.write(chunks[i]);
      return replies;
    },
  };
}

/** Passes per sample so that one sample lasts about SAMPLE_MS. */
function calibrate(c: Contender, w: Workload): number {
  let passes = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < passes; i++) c.pass(w.chunks);
    const ms = performance.now() - t;
    if (ms >= SAMPLE_MS / 4) return Math.max(1, Math.round((passes * SAMPLE_MS) / ms));
    passes *= 2;
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Row {
  workload: string;
  mode: string;
  ours: number;
  /** Median rate and paired ratio against each other contender, by short name. */
  others: Map<string, { rate: number; ratio: number }>;
}

interface Measured {
  /** Median replies/s of each contender, by label. */
  rates: Map<string, number>;
  /**
   * Per other contender (by label): the median over rounds of the first contender's rate divided by that one's. The
   * two run close together in each round, so this paired ratio is steadier than the ratio of medians when other
   * processes compete for the CPU.
   */
  ratios: Map<string, number>;
}

/** Runs every contender of a workload in interleaved rounds. */
function measure(w: Workload, contenders: Contender[]): Measured {
  for (const c of contenders) {
    const n = c.pass(w.chunks);
    if (n !== w.replies) throw new Error(`${c.label} saw ${n} replies in "${w.name}", expected ${w.replies}`);
  }
  const passes = contenders.map((c) => calibrate(c, w));
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < contenders.length; k++) {
      // Rotate the order each round so no contender always runs right after the same other one.
      const i = (k + r) % contenders.length;
      const t = performance.now();
      for (let p = 0; p < passes[i]; p++) contenders[i].pass(w.chunks);
      const seconds = (performance.now() - t) / 1000;
      samples[i].push((passes[i] * w.replies) / seconds);
    }
  }
  const ratios = new Map<string, number>();
  for (let k = 1; k < contenders.length; k++) {
    ratios.set(contenders[k].label, median(samples[0].map((rate, r) => rate / samples[k][r])));
  }
  return { rates: new Map(contenders.map((c, i) => [c.label, median(samples[i])])), ratios };
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(1);
}

/** Counts buffer allocations made while decoding one 1 MiB bulk fed in 64 KiB chunks. */
function proveSingleAllocation(): void {
  const size = 1024 * 1024;
  const { chunks } = largeBulks(1, size);
  const spied = ['allocUnsafe', 'allocUnsafeSlow', 'alloc', 'concat'] as const;
  const originals = spied.map((name) => Buffer[name]);
  const allocations: string[] = [];
  const report = (label: string, run: () => unknown): void => {
    allocations.length = 0;
    spied.forEach((name, i) => {
      const original = originals[i] as (...args: unknown[]) => Buffer;
      (Buffer as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        const result = original.apply(Buffer, args);
        if (result.length >= 4096) allocations.push(`${name}(${result.length})`);
        return result;
      };
    });
    let value: unknown;
    try {
      value = run();
    } finally {
      spied.forEach((name, i) => {
        (Buffer as unknown as Record<string, unknown>)[name] = originals[i];
      });
    }
    const shape = Buffer.isBuffer(value)
      ? `Buffer length ${value.length}, backing ArrayBuffer ${value.buffer.byteLength} bytes`
      : `string length ${(value as string).length}`;
    console.log(`| ${label} | ${allocations.length} | ${allocations.join(', ') || '-'} | ${shape} |`);
  };
  console.log('\nAllocations of ≥ 4 KiB while decoding one 1 MiB bulk fed in 16+1 chunks of 64 KiB:\n');
  console.log('| parser | allocations | calls | result |');
  console.log('| --- | ---: | --- | --- |');
  for (const buffers of [true, false]) {
    report(`strict-redis (${buffers ? 'buffers' : 'strings'})`, () => {
      let out: unknown;
      const d = new RespDecoder({ wantsBuffers: () => buffers, onReply: (v) => (out = v), onPush: () => {} });
      for (const c of chunks) d.feed(c);
      return out;
    });
    report(`redis-parser (${buffers ? 'buffers' : 'strings'})`, () => {
      let out: unknown;
      const p = new RedisParser({ returnBuffers: buffers, returnReply: (v) => (out = v), returnError: () => {} });
      for (const c of chunks) p.execute(c);
      return out;
    });
  }
}

/**
 * The encoder hands each batch out as a view of its arena. The alternative, copying the batch into an exact-size
 * buffer so the scratch could be reused, is measured here as the same work plus that copy.
 */
function encoderStrategies(): void {
  const batches: [string, RedisArg[][]][] = [
    ['1 × SET (short)', [['SET', 'key:1', 'value']]],
    ['100 × SET (short)', Array.from({ length: 100 }, (_, i) => ['SET', `key:${i}`, `value:${i}`])],
    ['16 × SET (1 KiB value)', Array.from({ length: 16 }, (_, i) => ['SET', `key:${i}`, 'v'.repeat(1024)])],
  ];
  console.log('\nEncoder: handing out the arena view vs copying each batch out (commands/s, median):\n');
  console.log('| batch | view | copy out | view / copy |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, batch] of batches) {
    const view = new CommandEncoder();
    const copying = new CommandEncoder();
    const contenders: Contender[] = [
      {
        name: 'view',
        label: 'view',
        pass() {
          for (const args of batch) view.add(args);
          sink += view.finish().length;
          return batch.length;
        },
      },
      {
        name: 'copy',
        label: 'copy',
        pass() {
          for (const args of batch) copying.add(args);
          const parts = copying.finish();
          const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0));
          let o = 0;
          for (const p of parts) o += p.copy(out, o);
          sink += out.length;
          return batch.length;
        },
      },
    ];
    const w: Workload = { name, chunks: [], replies: batch.length };
    const { rates, ratios } = measure(w, contenders);
    const ratio = ratios.get('copy')!;
    console.log(`| ${name} | ${fmt(rates.get('view')!)} | ${fmt(rates.get('copy')!)} | ${ratio.toFixed(2)}× |`);
  }
}

function main(): void {
  console.log(`node ${process.version}, ${ROUNDS} rounds of ~${SAMPLE_MS} ms per contender, medians of replies/s\n`);
  const loaded = MAPPED_DECODERS.flatMap(([name, path]) => {
    const Decoder = loadDecoder(path);
    if (Decoder === undefined) console.log(`(${name}: no decoder at ${path}; left out)`);
    return Decoder === undefined ? [] : [{ name, Decoder }];
  });
  const others = ['redis-parser', ...loaded.map((l) => l.name)];
  const rows: Row[] = [];
  const add = (w: Workload, buffers: boolean, resp3: boolean, read = false, name = w.name) => {
    const contenders = [
      ours(buffers, read),
      ...(resp3 ? [] : [reference(buffers, read)]),
      ...loaded.map((l) => mapped(l.name, l.Decoder, buffers, read)),
    ];
    const { rates, ratios } = measure(w, contenders);
    const row: Row = {
      workload: name,
      mode: buffers ? 'buffers' : 'strings',
      ours: rates.get(contenders[0].label)!,
      others: new Map(),
    };
    for (const c of contenders.slice(1)) {
      row.others.set(c.name, {
        rate: rates.get(c.label)!,
        ratio: ratios.get(c.label)!,
      });
    }
    rows.push(row);
  };
  const selected = (w: Workload) => ONLY === undefined || w.name.includes(ONLY);
  const large = largeBulks();
  for (const w of [smallReplies(), bigArrays(), large, hashes(false)].filter(selected)) {
    for (const buffers of [false, true]) add(w, buffers, false);
  }
  if (selected(large)) add(large, false, false, true, `${large.name}, then read`);
  for (const w of [hashes(true)].filter(selected)) {
    for (const buffers of [false, true]) add(w, buffers, true);
  }
  const head = others.map((o) => `${o} replies/s | vs ${o}`).join(' | ');
  console.log(`| workload | mode | strict-redis replies/s | ${head} |`);
  console.log(`| --- | --- | ---: | ${others.map(() => '---: | ---:').join(' | ')} |`);
  for (const r of rows) {
    const cells = others.map((o) => {
      const m = r.others.get(o);
      return m === undefined ? '- | n/a' : `${fmt(m.rate)} | ${m.ratio.toFixed(2)}×`;
    });
    console.log(`| ${r.workload} | ${r.mode} | ${fmt(r.ours)} | ${cells.join(' | ')} |`);
  }
  if (ONLY === undefined) {
    proveSingleAllocation();
    encoderStrategies();
  }
  if (sink === -1) console.log(sink);
}

main();
