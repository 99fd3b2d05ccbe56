/*
 * proxy_wasm_abi.h: the raw proxy-wasm ABI for C plugins of wasm-verify's samples.
 *
 * Host functions (imports, module "env") and callback names (exports) with the wasm signatures of
 * host-shim/src/symbols.ts: every Word is a 32-bit value (i32), the metric values are 64-bit (i64).
 * Only what a plugin calls becomes an import (wasm-ld drops unreferenced declarations).
 * ABI version: 0.2.1 (PROXY_WASM_ABI_MARKER below). Build as a WASI reactor:
 *   clang-16 --target=wasm32-wasi -mexec-model=reactor -Wl,--export=malloc ...
 */
#ifndef WASM_VERIFY_PROXY_WASM_ABI_H
#define WASM_VERIFY_PROXY_WASM_ABI_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t WasmResult;

enum { /* WasmResult */
  WasmOk = 0, WasmNotFound = 1, WasmBadArgument = 2, WasmSerializationFailure = 3,
  WasmParseFailure = 4, WasmBadExpression = 5, WasmInvalidMemoryAccess = 6, WasmEmpty = 7,
  WasmCasMismatch = 8, WasmResultMismatch = 9, WasmInternalFailure = 10,
  WasmBrokenConnection = 11, WasmUnimplemented = 12
};
enum { LogTrace = 0, LogDebug = 1, LogInfo = 2, LogWarn = 3, LogError = 4, LogCritical = 5 };
enum { /* header map types */
  MapRequestHeaders = 0, MapRequestTrailers = 1, MapResponseHeaders = 2, MapResponseTrailers = 3,
  MapGrpcReceiveInitialMetadata = 4, MapGrpcReceiveTrailingMetadata = 5,
  MapHttpCallResponseHeaders = 6, MapHttpCallResponseTrailers = 7
};
enum { /* buffer types */
  BufferHttpRequestBody = 0, BufferHttpResponseBody = 1, BufferDownstreamData = 2,
  BufferUpstreamData = 3, BufferHttpCallResponseBody = 4, BufferGrpcReceiveBuffer = 5,
  BufferVmConfiguration = 6, BufferPluginConfiguration = 7, BufferCallData = 8
};
enum { StreamRequest = 0, StreamResponse = 1, StreamDownstream = 2, StreamUpstream = 3 };
enum { /* FilterHeadersStatus */
  HeadersContinue = 0, HeadersStopIteration = 1, HeadersContinueAndEndStream = 2,
  HeadersStopAllIterationAndBuffer = 3, HeadersStopAllIterationAndWatermark = 4
};
enum { /* FilterDataStatus */
  DataContinue = 0, DataStopIterationAndBuffer = 1, DataStopIterationAndWatermark = 2,
  DataStopIterationNoBuffer = 3
};

#define PROXY_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define PROXY_EXPORT(name) __attribute__((export_name(#name)))

/* ---- host functions: FOR_ALL_HOST_FUNCTIONS ---- */
PROXY_IMPORT(proxy_log) WasmResult proxy_log(uint32_t level, const char *msg, size_t size);
PROXY_IMPORT(proxy_get_status) WasmResult proxy_get_status(uint32_t *code, const char **msg, size_t *msg_size);
PROXY_IMPORT(proxy_set_property) WasmResult proxy_set_property(const char *path, size_t path_size, const char *value, size_t value_size);
PROXY_IMPORT(proxy_get_property) WasmResult proxy_get_property(const char *path, size_t path_size, const char **value, size_t *value_size);
PROXY_IMPORT(proxy_send_local_response) WasmResult proxy_send_local_response(
    uint32_t status_code, const char *details, size_t details_size, const char *body, size_t body_size,
    const char *header_pairs, size_t header_pairs_size, int32_t grpc_status);
PROXY_IMPORT(proxy_get_shared_data) WasmResult proxy_get_shared_data(const char *key, size_t key_size, const char **value, size_t *value_size, uint32_t *cas);
PROXY_IMPORT(proxy_set_shared_data) WasmResult proxy_set_shared_data(const char *key, size_t key_size, const char *value, size_t value_size, uint32_t cas);
PROXY_IMPORT(proxy_register_shared_queue) WasmResult proxy_register_shared_queue(const char *name, size_t name_size, uint32_t *token);
PROXY_IMPORT(proxy_resolve_shared_queue) WasmResult proxy_resolve_shared_queue(const char *vm_id, size_t vm_id_size, const char *name, size_t name_size, uint32_t *token);
PROXY_IMPORT(proxy_dequeue_shared_queue) WasmResult proxy_dequeue_shared_queue(uint32_t token, const char **data, size_t *data_size);
PROXY_IMPORT(proxy_enqueue_shared_queue) WasmResult proxy_enqueue_shared_queue(uint32_t token, const char *data, size_t data_size);
PROXY_IMPORT(proxy_get_header_map_value) WasmResult proxy_get_header_map_value(uint32_t map, const char *key, size_t key_size, const char **value, size_t *value_size);
PROXY_IMPORT(proxy_add_header_map_value) WasmResult proxy_add_header_map_value(uint32_t map, const char *key, size_t key_size, const char *value, size_t value_size);
PROXY_IMPORT(proxy_replace_header_map_value) WasmResult proxy_replace_header_map_value(uint32_t map, const char *key, size_t key_size, const char *value, size_t value_size);
PROXY_IMPORT(proxy_remove_header_map_value) WasmResult proxy_remove_header_map_value(uint32_t map, const char *key, size_t key_size);
PROXY_IMPORT(proxy_get_header_map_pairs) WasmResult proxy_get_header_map_pairs(uint32_t map, const char **pairs, size_t *pairs_size);
PROXY_IMPORT(proxy_set_header_map_pairs) WasmResult proxy_set_header_map_pairs(uint32_t map, const char *pairs, size_t pairs_size);
PROXY_IMPORT(proxy_get_header_map_size) WasmResult proxy_get_header_map_size(uint32_t map, size_t *size);
PROXY_IMPORT(proxy_get_buffer_status) WasmResult proxy_get_buffer_status(uint32_t buffer, size_t *length, uint32_t *flags);
PROXY_IMPORT(proxy_get_buffer_bytes) WasmResult proxy_get_buffer_bytes(uint32_t buffer, uint32_t start, uint32_t max_size, const char **data, size_t *data_size);
PROXY_IMPORT(proxy_set_buffer_bytes) WasmResult proxy_set_buffer_bytes(uint32_t buffer, uint32_t start, uint32_t length, const char *data, size_t data_size);
PROXY_IMPORT(proxy_http_call) WasmResult proxy_http_call(
    const char *upstream, size_t upstream_size, const char *header_pairs, size_t header_pairs_size,
    const char *body, size_t body_size, const char *trailer_pairs, size_t trailer_pairs_size,
    uint32_t timeout_ms, uint32_t *token);
PROXY_IMPORT(proxy_set_tick_period_milliseconds) WasmResult proxy_set_tick_period_milliseconds(uint32_t period_ms);
PROXY_IMPORT(proxy_get_current_time_nanoseconds) WasmResult proxy_get_current_time_nanoseconds(uint64_t *nanos);
PROXY_IMPORT(proxy_define_metric) WasmResult proxy_define_metric(uint32_t type, const char *name, size_t name_size, uint32_t *metric_id);
PROXY_IMPORT(proxy_increment_metric) WasmResult proxy_increment_metric(uint32_t metric_id, int64_t offset);
PROXY_IMPORT(proxy_record_metric) WasmResult proxy_record_metric(uint32_t metric_id, uint64_t value);
PROXY_IMPORT(proxy_get_metric) WasmResult proxy_get_metric(uint32_t metric_id, uint64_t *value);
PROXY_IMPORT(proxy_set_effective_context) WasmResult proxy_set_effective_context(uint32_t context_id);
PROXY_IMPORT(proxy_done) WasmResult proxy_done(void);
PROXY_IMPORT(proxy_call_foreign_function) WasmResult proxy_call_foreign_function(
    const char *name, size_t name_size, const char *args, size_t args_size, const char **result, size_t *result_size);

/* ---- ABI 0.2.x only ---- */
PROXY_IMPORT(proxy_continue_stream) WasmResult proxy_continue_stream(uint32_t stream_type);
PROXY_IMPORT(proxy_close_stream) WasmResult proxy_close_stream(uint32_t stream_type);
/* ---- ABI 0.2.1 (and Higress 0.2.100) only ---- */
PROXY_IMPORT(proxy_get_log_level) WasmResult proxy_get_log_level(uint32_t *level);

/* ---- callbacks (exports); a plugin defines only the ones it needs, each with PROXY_EXPORT(name):
 *   every callback is optional (the host substitutes Continue / true / no-op for a missing one) ----
 *   void     proxy_on_context_create(uint32_t context_id, uint32_t parent_context_id);
 *   uint32_t proxy_on_vm_start(uint32_t root_context_id, uint32_t vm_configuration_size);
 *   uint32_t proxy_on_configure(uint32_t root_context_id, uint32_t plugin_configuration_size);
 *   void     proxy_on_tick(uint32_t root_context_id);
 *   uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t num_headers, uint32_t end_of_stream);
 *   uint32_t proxy_on_request_body(uint32_t context_id, uint32_t body_size, uint32_t end_of_stream);
 *   uint32_t proxy_on_request_trailers(uint32_t context_id, uint32_t num_trailers);
 *   uint32_t proxy_on_response_headers(uint32_t context_id, uint32_t num_headers, uint32_t end_of_stream);
 *   uint32_t proxy_on_response_body(uint32_t context_id, uint32_t body_size, uint32_t end_of_stream);
 *   uint32_t proxy_on_response_trailers(uint32_t context_id, uint32_t num_trailers);
 *   void     proxy_on_http_call_response(uint32_t root_context_id, uint32_t token, uint32_t num_headers,
 *                                        uint32_t body_size, uint32_t num_trailers);
 *   uint32_t proxy_on_done(uint32_t context_id);
 *   void     proxy_on_log(uint32_t context_id);
 *   void     proxy_on_delete(uint32_t context_id);
 */

/* The ABI marker: the host reads the export's name, never calls it (bytecode_util.cc). */
#define PROXY_WASM_ABI_MARKER \
  PROXY_EXPORT(proxy_abi_version_0_2_1) void proxy_abi_version_0_2_1(void) {}

/* Small helpers for NUL-terminated literals. */
#define PROXY_STR(s) (s), (sizeof(s) - 1)
static inline WasmResult proxy_log_str(uint32_t level, const char *msg) {
  size_t n = 0;
  while (msg[n] != '\0') n++;
  return proxy_log(level, msg, n);
}

#endif /* WASM_VERIFY_PROXY_WASM_ABI_H */
