/** Load for the tests that change servers underneath a client. */

/** Workers that run `op` in a loop until stopped, counting what succeeded and keeping every error. */
export function runLoad(
  workers: number,
  op: (worker: number, n: number) => Promise<unknown>,
): { stop(): Promise<{ ops: number; errors: Error[] }> } {
  let running = true;
  let ops = 0;
  const errors: Error[] = [];
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let n = 0; running; n++) {
      try {
        await op(w, n);
        ops++;
      } catch (err) {
        errors.push(err as Error);
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { ops, errors };
    },
  };
}
