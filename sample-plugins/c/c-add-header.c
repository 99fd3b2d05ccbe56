/*
 * c-add-header: a correct C plugin against the raw ABI (0.2.1). Adds `x-c-plugin: 1` to every
 * request's headers and continues. Expected: loads and passes on every host profile.
 */
#include "proxy_wasm_abi.h"

PROXY_WASM_ABI_MARKER

PROXY_EXPORT(proxy_on_vm_start)
uint32_t proxy_on_vm_start(uint32_t root_context_id, uint32_t vm_configuration_size) {
  (void)root_context_id;
  (void)vm_configuration_size;
  return 1;
}

PROXY_EXPORT(proxy_on_configure)
uint32_t proxy_on_configure(uint32_t root_context_id, uint32_t plugin_configuration_size) {
  (void)root_context_id;
  (void)plugin_configuration_size;
  return 1;
}

PROXY_EXPORT(proxy_on_request_headers)
uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t num_headers, uint32_t end_of_stream) {
  (void)context_id;
  (void)num_headers;
  (void)end_of_stream;
  WasmResult r = proxy_add_header_map_value(MapRequestHeaders, PROXY_STR("x-c-plugin"), PROXY_STR("1"));
  if (r != WasmOk) proxy_log_str(LogWarn, "c-add-header: proxy_add_header_map_value failed");
  return HeadersContinue;
}
