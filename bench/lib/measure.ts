/**
 * Heap bytes allocated over a stretch of code, measured the same way for every client.
 *
 * V8 does not expose an allocation counter, but its GC profiler reports the used heap size before and after every
 * collection. Bytes allocated = used heap at the end − used heap at the start + bytes freed by every GC in between
 * (before − after, summed). Exact up to V8's own bookkeeping; covers the JavaScript heap only (Buffer contents live
 * outside it, which is why `big` is not reported).
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

export interface AllocationMeter {
  stop(): number;
}

export function startAllocationMeter(): AllocationMeter {
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  return {
    stop() {
      const after = getHeapStatistics().used_heap_size;
      const result = profiler.stop();
      let freed = 0;
      for (const gc of result?.statistics ?? []) {
        freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      }
      return after - before + freed;
    },
  };
}
