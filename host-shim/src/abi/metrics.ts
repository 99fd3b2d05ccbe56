/**
 * Metrics (Envoy Context::defineMetric / incrementMetric / recordMetric / getMetric): ids carry the
 * type in the low 2 bits (counters 4, 8…; gauges 5, 9…; histograms 6, 10…; include/proxy-wasm/wasm.h).
 */
import { text } from '../bytes.js';
import type { HostCore } from '../core.js';
import { MetricType, WasmResult } from '../symbols.js';
import type { MetricInfo } from '../types.js';
import { mem, type HostFunctions } from './common.js';

type Kind = MetricInfo['type'];
const KINDS: readonly Kind[] = ['counter', 'gauge', 'histogram'];
const SAMPLE_LIMIT = 1000;

interface Stat {
  name: string;
  type: Kind;
  value: bigint;
  samples: bigint[];
}

export interface Metrics {
  readonly next: [number, number, number];
  /** id → stat; defining a name twice gives a new id for the same stat, as Envoy's scope does. */
  readonly byId: Map<number, Stat>;
  readonly byName: Map<string, Stat>;
}

export function newMetrics(): Metrics {
  return { next: [MetricType.Counter, MetricType.Gauge, MetricType.Histogram], byId: new Map(), byName: new Map() };
}

export function metricList(m: Metrics): MetricInfo[] {
  const seen = new Map<Stat, number>();
  for (const [id, s] of m.byId) if (!seen.has(s)) seen.set(s, id);
  return [...seen].map(([s, id]) => ({ id, name: s.name, type: s.type, value: s.value, samples: [...s.samples] }));
}

export function metricFunctions(core: HostCore): HostFunctions {
  const m = core.metrics;
  const kindOf = (id: number): number => id & 3;
  return {
    proxy_define_metric(type: number, nPtr: number, nSize: number, idPtr: number): number {
      const name = text(mem(core).read(nPtr, nSize, 'name'));
      const t = type >>> 0;
      if (t > MetricType.Histogram) return WasmResult.BadArgument;
      const kind = KINDS[t] as Kind;
      const key = `${kind}:${name}`;
      let stat = m.byName.get(key);
      if (stat === undefined) {
        stat = { name, type: kind, value: 0n, samples: [] };
        m.byName.set(key, stat);
      }
      m.next[t as 0 | 1 | 2] = (m.next[t as 0 | 1 | 2] + 4) >>> 0;
      const id = m.next[t as 0 | 1 | 2];
      m.byId.set(id, stat);
      mem(core).writeU32(idPtr, id);
      return WasmResult.Ok;
    },
    proxy_increment_metric(id: number, offset: bigint): number {
      const k = kindOf(id);
      if (k === MetricType.Histogram || k === 3) return WasmResult.BadArgument;
      const s = m.byId.get(id >>> 0);
      if (s === undefined) return WasmResult.NotFound;
      if (k === MetricType.Counter && offset <= 0n) return WasmResult.BadArgument;
      s.value = BigInt.asUintN(64, s.value + offset);
      return WasmResult.Ok;
    },
    proxy_record_metric(id: number, value: bigint): number {
      const s = m.byId.get(id >>> 0);
      if (s === undefined) return WasmResult.NotFound;
      const v = BigInt.asUintN(64, value);
      if (s.type === 'counter') s.value = BigInt.asUintN(64, s.value + v);
      else if (s.type === 'gauge') s.value = v;
      else {
        s.samples.push(v);
        if (s.samples.length > SAMPLE_LIMIT) s.samples.shift();
      }
      return WasmResult.Ok;
    },
    proxy_get_metric(id: number, retPtr: number): number {
      const k = kindOf(id);
      if (k === MetricType.Histogram || k === 3) return WasmResult.BadArgument;
      const s = m.byId.get(id >>> 0);
      if (s === undefined) return WasmResult.NotFound;
      mem(core).writeU64(retPtr, s.value);
      return WasmResult.Ok;
    },
  };
}
