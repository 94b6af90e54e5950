/**
 * OpenTelemetry spans from the `strict-redis:command` diagnostics channel: one CLIENT span per command or pipeline,
 * child of whatever span is active where the command was issued, with the database attributes the context carries
 * (`context.attributes()`). No instrumentation package needed: a subscriber of ~30 lines.
 * `tsx examples/opentelemetry.ts [redis://url | host:port]`
 */
import diagnostics from 'node:diagnostics_channel';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { CommandTraceContext } from '../src/index.js';
import { connect, runWithServer, type Target } from './support.js';

/** Turns the channel's events into spans; returns the function that stops listening. */
export function instrumentStrictRedis(tracerName = 'strict-redis'): () => void {
  const tracer = trace.getTracer(tracerName);
  const spans = new WeakMap<CommandTraceContext, Span>();
  const handlers = {
    // start is published synchronously where the command was issued: the active span there becomes the parent.
    start(ctx: CommandTraceContext) {
      const span = tracer.startSpan(ctx.command, { kind: SpanKind.CLIENT }, context.active());
      spans.set(ctx, span);
    },
    end() {},
    asyncStart() {},
    error(ctx: CommandTraceContext) {
      const span = spans.get(ctx);
      if (span === undefined || !(ctx.error instanceof Error)) return;
      span.recordException(ctx.error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.error.name });
      span.setAttribute('error.type', ctx.error.name);
    },
    // asyncEnd: the reply (or error) is in; a cluster command knows by now which node answered.
    asyncEnd(ctx: CommandTraceContext) {
      const span = spans.get(ctx);
      if (span === undefined) return;
      span.setAttributes(ctx.attributes());
      span.end();
    },
  };
  const channel = diagnostics.tracingChannel<CommandTraceContext>('strict-redis:command');
  channel.subscribe(handlers);
  return () => channel.unsubscribe(handlers);
}

export async function main(target: Target): Promise<void> {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const stop = instrumentStrictRedis();
  const r = connect(target);
  try {
    await trace.getTracer('shop').startActiveSpan('checkout', async (checkout) => {
      await r.set('ex:otel:cart', '3');
      await r.incr('ex:otel:cart');
      await r.lpush('ex:otel:cart', 'x').catch(() => {}); // WRONGTYPE: an error span
      const pipe = r.pipeline({ transaction: false });
      pipe.get('ex:otel:cart').delete('ex:otel:cart');
      await pipe.execute();
      checkout.end();
    });
    const finished = exporter.getFinishedSpans();
    const root = finished.find((s) => s.name === 'checkout');
    for (const span of finished.filter((s) => s !== root)) {
      const a = span.attributes;
      const child = span.parentSpanContext?.spanId === root?.spanContext().spanId;
      console.log(
        `span ${span.name} [${a['db.query.text']?.toString().replace(/\n/g, '; ')}] ${a['server.address']}:${a['server.port']}` +
          ` db=${a['db.namespace']} status=${span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok'}` +
          `${a['db.operation.batch.size'] === undefined ? '' : ` batch=${a['db.operation.batch.size']}`}` +
          ` child-of-checkout=${child}`,
      );
    }
  } finally {
    stop();
    await r.close();
    await provider.shutdown();
  }
}

runWithServer(import.meta.url, main);
