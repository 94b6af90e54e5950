export { RespDecoder } from './decoder.js';
export { assertValidArgs, CommandEncoder, encodeCommand, type RedisArg } from './encoder.js';
export {
  DEFAULT_DECODER_LIMITS,
  type DecoderLimits,
  type ReplyHandler,
  type RespMap,
  type RespSet,
  type RespValue,
} from './types.js';
