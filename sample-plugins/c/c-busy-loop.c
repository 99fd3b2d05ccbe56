/*
 * c-busy-loop: proxy_on_request_body never returns (an infinite loop with no hostcall).
 * A GET (no body) passes; any request with a body blocks the callback forever. Real gateways have
 * no watchdog for V8 (the worker thread spins at 100 % for good); wasm-verify reports a CPU hang.
 */
#include "proxy_wasm_abi.h"

PROXY_WASM_ABI_MARKER

PROXY_EXPORT(proxy_on_request_headers)
uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t num_headers, uint32_t end_of_stream) {
  (void)context_id;
  (void)num_headers;
  (void)end_of_stream;
  return HeadersContinue;
}

/* volatile: the loop must survive -O2 (a side-effect-free loop could be assumed to terminate). */
static volatile uint32_t spins;

PROXY_EXPORT(proxy_on_request_body)
uint32_t proxy_on_request_body(uint32_t context_id, uint32_t body_size, uint32_t end_of_stream) {
  (void)context_id;
  (void)body_size;
  (void)end_of_stream;
  for (;;) spins++;
  return DataContinue; /* unreachable */
}
