/** All `env` hostcall implementations, merged from the ABI areas (names are unique across areas). */
import type { HostCore } from '../core.js';
import { bufferFunctions } from './buffers.js';
import type { HostFunctions } from './common.js';
import { ffiFunctions } from './ffi.js';
import { grpcFunctions } from './grpc.js';
import { httpCallFunctions } from './http-calls.js';
import { httpFieldFunctions } from './http-fields.js';
import { loggingFunctions } from './logging.js';
import { metricFunctions } from './metrics.js';
import { miscFunctions } from './misc.js';
import { propertyFunctions } from './properties.js';
import { redisFunctions } from './redis.js';
import { sharedDataFunctions } from './shared-data.js';
import { sharedQueueFunctions } from './shared-queue.js';
import { streamFunctions } from './streams.js';
import { timerFunctions } from './timers.js';

export function proxyFunctions(core: HostCore, onQueueReady: (rootId: number, token: number) => void, deleteRoot: (rootId: number) => void): HostFunctions {
  return {
    ...loggingFunctions(core),
    ...bufferFunctions(core),
    ...httpFieldFunctions(core),
    ...streamFunctions(core),
    ...propertyFunctions(core),
    ...httpCallFunctions(core),
    ...grpcFunctions(core),
    ...redisFunctions(core),
    ...sharedDataFunctions(core),
    ...sharedQueueFunctions(core, onQueueReady),
    ...metricFunctions(core),
    ...timerFunctions(core),
    ...ffiFunctions(core),
    ...miscFunctions(core, deleteRoot),
  };
}
