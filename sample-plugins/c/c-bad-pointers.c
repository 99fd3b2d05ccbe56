/*
 * c-bad-pointers: from proxy_on_request_headers, hostcalls with pointers and sizes outside linear
 * memory. A real host checks every range (pointer + size <= memory size, no u32 overflow) and
 * returns InvalidMemoryAccess (6) instead of touching host memory; the plugin then logs how many
 * calls were refused and continues. Expected: pass everywhere (InvalidMemoryAccess findings are
 * warnings), every scenario forwarded with `x-c-bad-pointers: refused=<n>/<n>`.
 */
#include "proxy_wasm_abi.h"

PROXY_WASM_ABI_MARKER

#define PTR(addr) ((const char *)(uintptr_t)(addr))

static uint32_t memory_bytes(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }

/* Appends the decimal digits of v at out; returns the position after them. */
static char *put_u32(char *out, uint32_t v) {
  char tmp[10];
  int n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v != 0);
  while (n > 0) *out++ = tmp[--n];
  return out;
}

PROXY_EXPORT(proxy_on_request_headers)
uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t num_headers, uint32_t end_of_stream) {
  (void)context_id;
  (void)num_headers;
  (void)end_of_stream;
  const uint32_t end = memory_bytes();
  const char *value = 0;
  size_t value_size = 0;
  uint32_t refused = 0, total = 0;

  /* 1. message pointer near the top of the 32-bit space: ptr + size overflows u32. */
  total++; refused += proxy_log(LogInfo, PTR(0xFFFFFFF0u), 32) == WasmInvalidMemoryAccess;
  /* 2. valid pointer, size far beyond memory. */
  total++; refused += proxy_log(LogInfo, PTR(16), 0x7FFFFFF0u) == WasmInvalidMemoryAccess;
  /* 3. key pointer just past the end of memory. */
  total++; refused += proxy_get_header_map_value(MapRequestHeaders, PTR(end + 16), 5, &value, &value_size) == WasmInvalidMemoryAccess;
  /* 4. key straddling the end of memory. */
  total++; refused += proxy_get_header_map_value(MapRequestHeaders, PTR(end - 2), 8, &value, &value_size) == WasmInvalidMemoryAccess;
  /* 5. valid key of a header every request has, return pointers out of bounds: the host finds
        the value, allocates guest memory for it, then cannot write the pointer. */
  total++; refused += proxy_get_header_map_value(MapRequestHeaders, PROXY_STR(":path"),
                                                 (const char **)(uintptr_t)0xFFFFFFFCu,
                                                 (size_t *)(uintptr_t)(end + 64)) == WasmInvalidMemoryAccess;
  /* 6. header value pointer out of bounds. */
  total++; refused += proxy_add_header_map_value(MapRequestHeaders, PROXY_STR("x-c-bad"), PTR(end), 4) == WasmInvalidMemoryAccess;
  /* 7. 8-byte result straddling the end of memory. */
  total++; refused += proxy_get_current_time_nanoseconds((uint64_t *)(uintptr_t)(end - 4)) == WasmInvalidMemoryAccess;
  /* 8. property path out of bounds. */
  total++; refused += proxy_get_property(PTR(end + 4096), 12, &value, &value_size) == WasmInvalidMemoryAccess;

  char summary[32] = "refused=";
  char *p = put_u32(summary + 8, refused);
  *p++ = '/';
  p = put_u32(p, total);
  const size_t n = (size_t)(p - summary);
  proxy_log(refused == total ? LogInfo : LogWarn, summary, n);
  proxy_add_header_map_value(MapRequestHeaders, PROXY_STR("x-c-bad-pointers"), summary, n);
  return HeadersContinue;
}
