/**
 * WASI as proxy-wasm-cpp-host implements it (src/exports.cc wasi_unstable_*; reference §10):
 * mostly stubs. Not a general-purpose WASI on purpose — see README "Design notes". Registered
 * under wasi_unstable and wasi_snapshot_preview1 per the profile's WASI groups.
 */
import { concat, text, utf8 } from '../bytes.js';
import type { HostCore } from '../core.js';
import { MemoryFault } from '../memory.js';
import { Errno, LogLevel } from '../symbols.js';
import { mem, type HostFunctions } from './common.js';
import { logMessage } from './logging.js';
import { MAX_MESSAGE_BYTES } from '../logs.js';
import { monotonicNs, realtimeNs } from './timers.js';

/** PROXY_WASM_HOST_WASI_RANDOM_GET_MAX_SIZE_BYTES. */
const RANDOM_GET_MAX = 64 * 1024;

const isStdio = (fd: number): boolean => fd === 1 || fd === 2;

/** EFAULT instead of InvalidMemoryAccess for WASI out-params. */
function efault<T>(fn: () => T): T | number {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MemoryFault) return Errno.FAULT;
    throw e;
  }
}

export function wasiFunctions(core: HostCore): HostFunctions {
  const m = () => mem(core);
  /** writevImpl: stdout → info, stderr → error; one trailing newline stripped; empty not logged. */
  const writev = (fd: number, iovs: number, iovsLen: number): number | { written: number } => {
    if (!isStdio(fd)) return Errno.BADF;
    // Every iovec is checked, but only what the log keeps (its first 64 KiB, and one byte to
    // tell it was cut) is copied: thousands of 1 MiB iovecs never become one huge buffer.
    const parts: Uint8Array[] = [];
    let copied = 0;
    let written = 0;
    for (let i = 0; i < iovsLen >>> 0; i++) {
      const r = efault(() => {
        const base = (iovs >>> 0) + i * 8;
        const buf = m().readU32(base);
        const len = m().readU32(base + 4);
        m().check(buf, len, 'iovec');
        written += len;
        if (len !== 0 && copied <= MAX_MESSAGE_BYTES) {
          const part = m().readPrefix(buf, len, MAX_MESSAGE_BYTES + 1 - copied, 'iovec');
          parts.push(part);
          copied += part.length;
        }
        return 0;
      });
      if (r !== 0) return Errno.FAULT;
      if (i > 65_536) break; // hostile iovec counts: the message is capped anyway
    }
    const all = concat(parts);
    if (all.length > 0) {
      core.logs.observePanic(text(all.length > 65536 ? all.subarray(0, 65536) : all));
      const msg = all[all.length - 1] === 0x0a ? all.subarray(0, all.length - 1) : all;
      logMessage(core, fd === 1 ? LogLevel.info : LogLevel.error, msg, 'fd_write');
    }
    return { written: written >>> 0 };
  };
  const stdioOk = (fd: number): number => (isStdio(fd) ? Errno.SUCCESS : Errno.BADF);
  let pollNosysNoted = false;
  /** The profile's poll_oneoff: ENOSYS and nothing written (UCH c4d7bb0 … beb8a4e), or no events and 0. */
  const pollOneoff =
    core.profile.pollOneoffErrno === Errno.NOSYS
      ? (): number => {
          // Noted once per host: a plugin that polls in a loop must not grow the notes.
          if (!pollNosysNoted) {
            pollNosysNoted = true;
            core.notes.push({ kind: 'wasi_nosys', fn: 'poll_oneoff', callback: core.vm.outerCallback() });
          }
          return Errno.NOSYS;
        }
      : (_in: number, _out: number, _n: number, neventsPtr: number): number => efault(() => (m().writeU32(neventsPtr, 0), Errno.SUCCESS));
  const hostLog = (msg: string): void => logMessage(core, LogLevel.trace, utf8(msg), 'host');

  return {
    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      const r = writev(fd, iovs, iovsLen);
      if (typeof r === 'number') return r;
      return efault(() => (m().writeU32(nwrittenPtr, r.written), Errno.SUCCESS));
    },
    fd_pwrite(fd: number, iovs: number, iovsLen: number, _offset: bigint, nwrittenPtr: number): number {
      const r = writev(fd, iovs, iovsLen);
      if (typeof r === 'number') return r;
      return efault(() => (m().writeU32(nwrittenPtr, r.written), Errno.SUCCESS));
    },
    fd_read: () => Errno.NOSYS,
    fd_pread: () => Errno.NOSYS,
    fd_seek: () => (hostLog('wasi_unstable fd_seek'), Errno.SUCCESS),
    fd_close: () => (hostLog('wasi_unstable fd_close'), Errno.SUCCESS),
    fd_fdstat_get(fd: number, statPtr: number): number {
      if (!isStdio(fd)) return Errno.BADF;
      // 24 bytes {u64 0, u64 RIGHTS_FD_WRITE (64), u64 0}; the host ignores a failed write.
      efault(() => m().write(statPtr, concat([new Uint8Array(8), new Uint8Array([64, 0, 0, 0, 0, 0, 0, 0]), new Uint8Array(8)])));
      return Errno.SUCCESS;
    },
    fd_fdstat_set_flags: () => Errno.NOSYS,
    environ_sizes_get(countPtr: number, sizePtr: number): number {
      const env = core.opts.environment;
      const size = env.reduce((n, [k, v]) => n + utf8(k).length + utf8(v).length + 2, 0);
      return efault(() => (m().writeU32(countPtr, env.length), m().writeU32(sizePtr, size), Errno.SUCCESS));
    },
    environ_get(arrayPtr: number, bufPtr: number): number {
      return efault(() => {
        let a = arrayPtr >>> 0;
        let b = bufPtr >>> 0;
        for (const [k, v] of core.opts.environment) {
          m().writeU32(a, b);
          const entry = utf8(`${k}=${v}\0`);
          m().write(b, entry);
          b += entry.length;
          a += 4;
        }
        return Errno.SUCCESS;
      });
    },
    args_get: () => Errno.SUCCESS,
    args_sizes_get: (argcPtr: number, sizePtr: number) => efault(() => (m().writeU32(argcPtr, 0), m().writeU32(sizePtr, 0), Errno.SUCCESS)),
    clock_time_get(id: number, _precision: bigint, retPtr: number): number {
      if (id !== 0 && id !== 1) return Errno.NOTSUP;
      const t = id === 0 ? realtimeNs(core) : monotonicNs(core);
      return efault(() => (m().writeU64(retPtr, t), Errno.SUCCESS));
    },
    clock_res_get(id: number, retPtr: number): number {
      if (id !== 0 && id !== 1) return Errno.NOTSUP;
      return efault(() => (m().writeU64(retPtr, 1n), Errno.SUCCESS));
    },
    random_get(bufPtr: number, len: number): number {
      const n = len >>> 0;
      if (n > RANDOM_GET_MAX) return Errno.INVAL;
      if (n === 0) return Errno.SUCCESS;
      return efault(() => (m().write(bufPtr, core.random(n)), Errno.SUCCESS));
    },
    proc_exit: () => void hostLog('wasi_unstable proc_exit'), // logs and returns: no exit, no trap
    path_open: () => Errno.NOENT,
    fd_prestat_get: () => Errno.BADF, // no preopens
    fd_prestat_dir_name: () => Errno.NOSYS,
    sched_yield: () => Errno.SUCCESS,
    poll_oneoff: pollOneoff,
    path_filestat_get: () => Errno.NOTSUP,
    fd_filestat_get: () => Errno.BADF,
    fd_advise: () => Errno.SUCCESS,
    fd_allocate: stdioOk,
    fd_datasync: stdioOk,
    fd_sync: stdioOk,
    fd_fdstat_set_rights: stdioOk,
    fd_filestat_set_size: stdioOk,
    fd_filestat_set_times: stdioOk,
    fd_readdir: (_fd: number, _b: number, _l: number, _c: bigint, nreadPtr: number) => efault(() => (m().writeU32(nreadPtr, 0), Errno.EXIST)),
    fd_renumber: (fd: number, to: number) => (!isStdio(fd) || !isStdio(to) ? Errno.BADF : Errno.NOTSUP),
    fd_tell: (fd: number, retPtr: number) => (isStdio(fd) ? efault(() => (m().writeU64(retPtr, 0n), Errno.SUCCESS)) : Errno.BADF),
    path_create_directory: () => Errno.NOTSUP,
    path_remove_directory: () => Errno.NOTSUP,
    path_unlink_file: () => Errno.NOTSUP,
    path_filestat_set_times: () => Errno.NOTSUP,
    path_link: () => Errno.NOTSUP,
    path_rename: () => Errno.NOTSUP,
    path_symlink: () => Errno.NOTSUP,
    path_readlink: (_fd: number, _p: number, _pl: number, _b: number, _bl: number, retPtr: number) => efault(() => (m().writeU32(retPtr, 0), Errno.NOTSUP)),
    sock_accept: (_fd: number, _f: number, retPtr: number) => efault(() => (m().writeU64(retPtr, 0n), Errno.NOTSUP)),
    sock_recv: (_fd: number, _d: number, _l: number, _f: number, r0: number, r1: number) => efault(() => (m().writeU32(r0, 0), m().writeU16(r1, 0), Errno.NOTSUP)),
    sock_send: (_fd: number, _d: number, _l: number, _f: number, r0: number) => efault(() => (m().writeU32(r0, 0), Errno.NOTSUP)),
    sock_shutdown: () => Errno.NOTSUP,
  };
}
