/** Pieces several profiles share, named by what they are. */

/** 1 GiB: PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES (include/proxy-wasm/limits.h). */
export const ONE_GIB = 1024 * 1024 * 1024;

/** Envoy HCM default stream idle timeout (http_connection_manager/config.h StreamIdleTimeoutMs). */
export const STREAM_IDLE_TIMEOUT_MS = 300_000;

/** Foreign functions Envoy 1.27 registers (source/extensions/common/wasm/foreign.cc). */
export const ENVOY_FOREIGN_FUNCTIONS = [
  'compress',
  'uncompress',
  'expr_create',
  'expr_evaluate',
  'expr_delete',
  'declare_property',
] as const;

/**
 * Start-time allow-list (WasmBase::startVm) of the W15 hosts: UCH 8aa8053 … f199214 and
 * HCH 7850d17 (Higress v2.0.x).
 */
export const START_ALLOW_2024 = [
  'env.proxy_log',
  'fd_write',
  'args_sizes_get',
  'args_get',
  'environ_sizes_get',
  'environ_get',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'clock_time_get',
  'random_get',
] as const;

/** W18 hosts (UCH c4d7bb0, 65bb78f; HCH 503d013): Go's runtime initialisation added. */
export const START_ALLOW_W18 = [...START_ALLOW_2024, 'fd_fdstat_get', 'fd_fdstat_set_flags'] as const;

/** UCH 14fa83a (2025-11-20) on: emscripten_notify_memory_growth is allowed during start too. */
export const START_ALLOW_W18E = [...START_ALLOW_W18, 'env.emscripten_notify_memory_growth'] as const;

/** allocMemory's allow-list before UCH 94091cd (and in HCH before 2e96099). */
export const ALLOC_ALLOW_2020 = ['env.proxy_log', 'fd_write', 'clock_time_get'] as const;

/** Start-time allow-list once the 2025 WASI stubs exist (HCH 913c1b0 src/wasm.cc startVm). */
export const START_ALLOW_2025 = [
  ...START_ALLOW_2024,
  'clock_res_get',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'path_filestat_get',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_advise',
  'fd_allocate',
  'fd_datasync',
  'fd_pread',
  'fd_pwrite',
  'fd_readdir',
  'fd_renumber',
  'fd_sync',
  'fd_tell',
  'path_create_directory',
  'path_filestat_set_times',
  'path_link',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
] as const;
