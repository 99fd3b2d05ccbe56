/**
 * Conversion of callback return values as the host applies it (HCH src/context.cc
 * convertVmCallResultTo*Status, HE127 convertFilterHeadersStatus).
 */
import type { HostCore } from '../core.js';
import { markerForAbi } from '../symbols.js';
import type { StatusName } from '../types.js';

export interface Converted {
  readonly code: number;
  readonly name: StatusName;
  readonly reason: string;
}

const HEADERS: readonly StatusName[] = ['Continue', 'StopIteration', 'ContinueAndEndStream', 'StopAllIterationAndBuffer', 'StopAllIterationAndWatermark'];
const DATA: readonly StatusName[] = ['Continue', 'StopIterationAndBuffer', 'StopIterationAndWatermark', 'StopIterationNoBuffer'];
const LOCAL_REPLY = 'proxy_send_local_response was called during the callback, which forces a stop status (stopNextIteration).';

export function convertHeaders(core: HostCore, raw: number): Converted {
  if (core.stopNextIteration) return { code: 4, name: 'StopAllIterationAndWatermark', reason: LOCAL_REPLY };
  if (raw > 4) return { code: 4, name: 'StopAllIterationAndWatermark', reason: `${raw} is above 4, so the host clamps it to StopAllIterationAndWatermark.` };
  if (raw === 1 && core.abi !== undefined && !core.profile.headersStopIterationPassThrough.includes(core.abi)) {
    return {
      code: 4,
      name: 'StopAllIterationAndWatermark',
      reason: `the module exports ${markerForAbi(core.abi)} (ABI ${core.abi}), and ${core.profile.title} converts StopIteration from a headers callback into StopAllIterationAndWatermark for that ABI, so no body callback is delivered until the stream is continued.`,
    };
  }
  // Envoy's convertFilterHeadersStatus maps ContinueAndEndStream (and anything unknown) to Continue.
  if (raw === 2) return { code: 0, name: 'Continue', reason: 'ContinueAndEndStream (2) is treated as Continue by Envoy.' };
  return { code: raw, name: HEADERS[raw] ?? 'Continue', reason: 'as returned.' };
}

export function convertData(core: HostCore, raw: number): Converted {
  if (core.stopNextIteration) return { code: 3, name: 'StopIterationNoBuffer', reason: LOCAL_REPLY };
  if (raw > 3) return { code: 3, name: 'StopIterationNoBuffer', reason: `${raw} is above 3, so the host clamps it to StopIterationNoBuffer.` };
  return { code: raw, name: DATA[raw] ?? 'Continue', reason: 'as returned.' };
}

export function convertTrailers(core: HostCore, raw: number): Converted {
  if (core.stopNextIteration) return { code: 1, name: 'StopIteration', reason: LOCAL_REPLY };
  if (raw > 1) return { code: 1, name: 'StopIteration', reason: `${raw} is above 1, so the host clamps it to StopIteration.` };
  return { code: raw, name: raw === 1 ? 'StopIteration' : 'Continue', reason: 'as returned.' };
}
