/**
 * Hostile plugins, one per class of abuse (issue #10): each a tiny WAT module built here, with the
 * rule the verdict must carry. They run through the real CLI in a child process (see
 * hostile.test.ts), so wall time and the peak memory of the verifying process are measured.
 */
import { deflateSync } from 'node:zlib';
import { pluginWat } from '../run/wat.js';

export interface HostileClass {
  readonly name: string;
  /** What the plugin does. */
  readonly does: string;
  readonly wat: string;
  /** Rule ids the JSON report must contain (on every host). */
  readonly rules: readonly string[];
  /** Rule ids it must not contain (e.g. a huge log is not a CPU hang). */
  readonly not?: readonly string[];
  /** Exit code expected. */
  readonly exit: number;
  /** Options that make the class quicker in `npm test` (smaller budgets, a shorter deadline); `npm run hostile` uses the defaults. */
  readonly quick?: readonly string[];
  /** The JSON report stays under this many bytes (names from the module are cut). */
  readonly maxOutputBytes?: number;
}

const imp = {
  registerQueue: '(import "env" "proxy_register_shared_queue" (func $register (param i32 i32 i32) (result i32)))',
  enqueue: '(import "env" "proxy_enqueue_shared_queue" (func $enqueue (param i32 i32 i32) (result i32)))',
  dequeue: '(import "env" "proxy_dequeue_shared_queue" (func $dequeue (param i32 i32 i32) (result i32)))',
  httpCall: '(import "env" "proxy_http_call" (func $http (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))',
  setShared: '(import "env" "proxy_set_shared_data" (func $set_shared (param i32 i32 i32 i32 i32) (result i32)))',
  foreign: '(import "env" "proxy_call_foreign_function" (func $foreign (param i32 i32 i32 i32 i32 i32) (result i32)))',
  fdWrite: '(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))',
  addHeader: '(import "env" "proxy_add_header_map_value" (func $add (param i32 i32 i32 i32 i32) (result i32)))',
  setBuffer: '(import "env" "proxy_set_buffer_bytes" (func $set_buffer (param i32 i32 i32 i32 i32) (result i32)))',
  log: '(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))',
  tick: '(import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))',
};

const hex = (b: Uint8Array): string => [...b].map((x) => `\\${x.toString(16).padStart(2, '0')}`).join('');

/** Serialized header pairs for an http_call: :method GET, :path /, :authority auth. */
function callHeaders(): { text: string; size: number } {
  const pairs: Array<[string, string]> = [[':method', 'GET'], [':path', '/'], [':authority', 'auth']];
  const bytes: number[] = [];
  const u32 = (n: number): void => void bytes.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255);
  u32(pairs.length);
  for (const [k, v] of pairs) (u32(k.length), u32(v.length));
  for (const [k, v] of pairs) for (const s of [k, v]) bytes.push(...Buffer.from(s), 0);
  return { text: hex(new Uint8Array(bytes)), size: bytes.length };
}

/** Grows memory to `pages` 64 KiB pages (the skeleton starts with 1). */
const grow = (pages: number): string => `(drop (memory.grow (i32.const ${pages - 1})))`;

/** A zlib stream of zeros that expands to `mib` MiB (about 1 KiB of input per MiB of output). */
function deflateBomb(mib: number): Uint8Array {
  return new Uint8Array(deflateSync(Buffer.alloc(mib * 1024 * 1024)));
}

/** A plugin that registers a queue at configure, enqueues once, and runs `onReady` per message. */
function queueChain(onReady: string): Parameters<typeof pluginWat>[0] {
  return {
    imports: [imp.registerQueue, imp.enqueue, imp.dequeue].join('\n'),
    data: '(data (i32.const 16) "q") (global $q (mut i32) (i32.const 0))',
    noRoot: true,
    body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
          (func (export "proxy_on_configure") (param i32 i32) (result i32)
            (drop (call $register (i32.const 16) (i32.const 1) (i32.const 32)))
            (global.set $q (i32.load (i32.const 32)))
            (drop (call $enqueue (global.get $q) (i32.const 16) (i32.const 1)))
            (i32.const 1))
          (func (export "proxy_on_queue_ready") (param i32 i32)
            ${onReady})`,
  };
}

export function hostileClasses(): HostileClass[] {
  const h = callHeaders();
  const bomb = deflateBomb(400);
  const onRequest = (body: string): string => `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) ${body} (i32.const 0))`;
  const classes: Array<Omit<HostileClass, 'wat'> & { spec: Parameters<typeof pluginWat>[0] }> = [
    {
      name: 'queue-reenqueue-1',
      quick: ['--max-events', '20000'],
      does: 'proxy_on_queue_ready dequeues and enqueues one message again, forever',
      rules: ['WV3013'],
      exit: 1,
      spec: queueChain(`(drop (call $dequeue (local.get 1) (i32.const 40) (i32.const 44)))
            (drop (call $enqueue (local.get 1) (i32.const 16) (i32.const 1)))`),
    },
    {
      name: 'queue-reenqueue-2',
      quick: ['--max-events', '20000'],
      does: 'proxy_on_queue_ready enqueues two messages for each one (exponential)',
      rules: ['WV3013'],
      exit: 1,
      spec: queueChain(`(drop (call $enqueue (local.get 1) (i32.const 16) (i32.const 1)))
            (drop (call $enqueue (local.get 1) (i32.const 16) (i32.const 1)))`),
    },
    {
      name: 'callout-fanout',
      does: 'every HTTP callout answer starts two new callouts',
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: imp.httpCall,
        data: `(data (i32.const 16) "auth") (data (i32.const 64) "${h.text}")`,
        body: `(func $call (drop (call $http (i32.const 16) (i32.const 4) (i32.const 64) (i32.const ${h.size}) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 32))))
          ${onRequest('(call $call)')}
          (func (export "proxy_on_http_call_response") (param i32 i32 i32 i32 i32) (call $call) (call $call))`,
      },
    },
    {
      name: 'shared-data-new-keys',
      does: 'stores 1 MiB under a new shared-data key, in a loop',
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: imp.setShared,
        body: onRequest(`${grow(32)} (local.set 1 (i32.const 0))
          (loop $l (i32.store (i32.const 16) (local.get 1)) (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (drop (call $set_shared (i32.const 16) (i32.const 4) (i32.const 65536) (i32.const 1048576) (i32.const 0))) (br $l))`),
      },
    },
    {
      name: 'queue-messages',
      does: 'enqueues 1 MiB messages in a loop, never dequeues',
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: [imp.registerQueue, imp.enqueue].join('\n'),
        data: '(data (i32.const 16) "q")',
        body: onRequest(`${grow(32)} (drop (call $register (i32.const 16) (i32.const 1) (i32.const 32)))
          (loop $l (drop (call $enqueue (i32.load (i32.const 32)) (i32.const 65536) (i32.const 1048576))) (br $l))`),
      },
    },
    {
      name: 'uncompress-bomb',
      does: `uncompress (foreign function) on ${bomb.length} bytes that inflate to 400 MiB`,
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: imp.foreign,
        pages: 16,
        data: `(data (i32.const 16) "uncompress") (data (i32.const 65536) "${hex(bomb)}")`,
        body: onRequest(`(drop (call $foreign (i32.const 16) (i32.const 10) (i32.const 65536) (i32.const ${bomb.length}) (i32.const 32) (i32.const 36)))`),
      },
    },
    {
      name: 'fd-write-iovecs',
      does: 'one fd_write with 4,096 iovecs of 1 MiB each (4 GiB of log)',
      rules: [],
      not: ['WV3013', 'WV3008'],
      exit: 0,
      // (it grows memory in every request, a warning: WV4005)
      spec: {
        imports: imp.fdWrite,
        body: onRequest(`${grow(48)} (local.set 1 (i32.const 0))
          (loop $l (i32.store (i32.add (i32.const 1048576) (i32.shl (local.get 1) (i32.const 3))) (i32.const 2097152))
            (i32.store (i32.add (i32.const 1048580) (i32.shl (local.get 1) (i32.const 3))) (i32.const 1048576))
            (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if $l (i32.lt_u (local.get 1) (i32.const 4096))))
          (drop (call $fd_write (i32.const 1) (i32.const 1048576) (i32.const 4096) (i32.const 32)))`),
      },
    },
    {
      name: 'added-headers',
      does: 'adds 1 MiB request headers in a loop',
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: imp.addHeader,
        data: '(data (i32.const 16) "x-big")',
        body: onRequest(`${grow(32)} (loop $l (drop (call $add (i32.const 0) (i32.const 16) (i32.const 5) (i32.const 65536) (i32.const 1048576))) (br $l))`),
      },
    },
    {
      name: 'body-512mib',
      does: 'sets a 512 MiB request body',
      rules: ['WV3013'],
      exit: 1,
      spec: {
        imports: imp.setBuffer,
        body: `${onRequest('')} (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
          ${grow(8200)} (drop (call $set_buffer (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 65536) (i32.const 536870912))) (i32.const 0))`,
      },
    },
    {
      name: 'notes-20k',
      does: '20,000 hostcalls with an out-of-range pointer in one callback (twice the notes kept)',
      rules: ['WV4001'],
      not: ['WV3013', 'WV3008'],
      exit: 0,
      spec: {
        imports: imp.log,
        body: onRequest(`(local.set 1 (i32.const 0))
          (loop $l (drop (call $log (i32.const 2) (i32.const -16) (i32.const 64))) (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if $l (i32.lt_u (local.get 1) (i32.const 20000))))`),
      },
    },
    {
      name: 'log-1gib',
      does: 'one proxy_log of 1 GiB - 64 KiB (memory grown to the cap for it)',
      rules: ['WV3009'],
      not: ['WV3013', 'WV3008'],
      exit: 1,
      spec: {
        imports: imp.log,
        body: onRequest(`${grow(16383)} (drop (call $log (i32.const 2) (i32.const 65536) (i32.const ${16382 * 65536})))`),
      },
    },
    {
      name: 'tick-trap',
      does: 'sets a 1 s tick in proxy_on_configure; proxy_on_tick traps (no traffic ever waits)',
      rules: ['WV3005'],
      exit: 1,
      spec: {
        imports: imp.tick,
        noRoot: true,
        body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
          (func (export "proxy_on_configure") (param i32 i32) (result i32) (drop (call $tick (i32.const 1000))) (i32.const 1))
          (func (export "proxy_on_tick") (param i32) unreachable)`,
      },
    },
    {
      name: 'tick-loop',
      quick: ['--timeout', '1000'],
      does: 'sets a 1 s tick in proxy_on_configure; proxy_on_tick loops forever',
      rules: ['WV3008'],
      exit: 1,
      spec: {
        imports: imp.tick,
        noRoot: true,
        body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
          (func (export "proxy_on_configure") (param i32 i32) (result i32) (drop (call $tick (i32.const 1000))) (i32.const 1))
          (func (export "proxy_on_tick") (param i32) (loop $l (br $l)))`,
      },
    },
    {
      name: 'tick-fast-forever',
      does: 'a 1 ms tick that sets a new 1 ms tick each time',
      rules: [],
      not: ['WV3008'],
      exit: 0,
      spec: {
        imports: imp.tick,
        noRoot: true,
        body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
          (func (export "proxy_on_configure") (param i32 i32) (result i32) (drop (call $tick (i32.const 1))) (i32.const 1))
          (func (export "proxy_on_tick") (param i32) (drop (call $tick (i32.const 1))))`,
      },
    },
    {
      name: 'huge-function-name',
      does: 'traps in a function whose name (name section) is 1 MiB long',
      rules: ['WV3005'],
      exit: 1,
      maxOutputBytes: 256 * 1024,
      spec: { body: `(func $${'n'.repeat(1 << 20)} (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) unreachable)` },
    },
    {
      name: 'huge-import-name',
      does: 'imports an unknown host function whose name is 1 MiB long',
      rules: ['WV2001'],
      exit: 1,
      maxOutputBytes: 256 * 1024,
      spec: { imports: `(import "env" "${'i'.repeat(1 << 20)}" (func (param i32)))`, body: '' },
    },
    {
      name: 'loop-request-headers',
      quick: ['--timeout', '1000'],
      does: 'an infinite loop in proxy_on_request_headers',
      rules: ['WV3008'],
      exit: 1,
      spec: { body: onRequest('(loop $l (br $l))') },
    },
    {
      name: 'memory-grow-to-cap',
      does: 'grows memory 64 MiB at a time until memory.grow fails, then traps',
      rules: ['WV3009', 'WV3005'],
      exit: 1,
      spec: { body: onRequest('(loop $l (br_if $l (i32.ne (memory.grow (i32.const 1024)) (i32.const -1)))) unreachable') },
    },
  ];
  return classes.map(({ spec, ...c }) => ({ ...c, wat: pluginWat(spec) }));
}
