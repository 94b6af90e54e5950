/** Reshard progress: a redrawn bar on a terminal, a line per tenth otherwise (logs stay short). */
import type { ReshardProgress } from '../admin/index.js';

export function progressReporter(stream: NodeJS.WriteStream): (p: ReshardProgress) => void {
  let lastTenth = -1;
  return (p) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((p.done / p.total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} slots, ${p.keys} keys`);
      if (p.done === p.total) stream.write('\n');
      return;
    }
    const tenth = Math.floor((p.done / p.total) * 10);
    if (tenth !== lastTenth || p.done === p.total) {
      lastTenth = tenth;
      stream.write(`moved ${p.done}/${p.total} slots, ${p.keys} keys\n`);
    }
  };
}
