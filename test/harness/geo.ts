/** The places of redis-py's geo tests (tests/test_commands.py) and the clients the geo test files compare. */
import { StrictRedis } from '../../src/index.js';

/** place1 and place2 in Barcelona, as GEOADD's flat list of longitude, latitude, member. */
export const BARCELONA = [2.1909389952632, 41.433791470673, 'place1', 2.1873744593677, 41.406342043777, 'place2'];
export const PLACE3 = [2.1804738294738, 41.405647879212, 'place3'];
/** redis-py's `b"\x80place2"`: a member name that is not UTF-8. */
export const BIN_PLACE2 = Buffer.concat([Buffer.from([0x80]), Buffer.from('place2')]);
export const BARCELONA_BIN = [...BARCELONA.slice(0, 5), BIN_PLACE2];
/**
 * Where the server puts place1 and place2 (52-bit geohash precision), as `[longitude, latitude]`: redis-py's
 * (2.19093829393386841, 41.43379028184083523) and (2.18737632036209106, 41.40634178640635099) as doubles.
 */
export const COORD1: [number, number] = [2.1909382939338684, 41.433790281840835];
export const COORD2: [number, number] = [2.187376320362091, 41.40634178640635];

/**
 * The clients the geo tests compare on one server: strings and Buffers (redis-py's bytes), RESP2 and RESP3. `close`
 * deletes the keys under `prefix` and closes them.
 */
export function geoClients(at: { host: string; port: number }, prefix: string) {
  const r = new StrictRedis(at);
  const r3 = new StrictRedis({ ...at, protocol: 3 });
  const rb = new StrictRedis({ ...at, decode_responses: false });
  const rb3 = new StrictRedis({ ...at, decode_responses: false, protocol: 3 });
  const close = async () => {
    const keys = (await r.execute_command('KEYS', `${prefix}*`)) as string[];
    if (keys.length > 0) await r.execute_command('DEL', ...keys);
    await Promise.all([r.close(), r3.close(), rb.close(), rb3.close()]);
  };
  return { r, r3, rb, rb3, close };
}
