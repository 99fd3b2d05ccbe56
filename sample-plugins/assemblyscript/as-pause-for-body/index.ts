// as-pause-for-body: the AssemblyScript form of the founding bug (higress#1847).
// proxy_on_request_headers returns StopIteration (1) whenever a body follows, expecting the body
// callbacks; proxy_on_request_body buffers until end_of_stream, then reads the body, appends a
// marker to it, records its size in a request header and returns Continue.
// @solo-io/proxy-runtime 0.1.8 exports proxy_abi_version_0_2_0, so every real host (Envoy and
// Higress alike) converts that 1 into StopAllIterationAndWatermark: proxy_on_request_body never
// runs and every request with a body hangs until the stream idle timeout. A GET passes.
// Root id: "as_pause_for_body"; configure it with a non-empty configuration (see as-add-header).
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  FilterDataStatusValues,
  stream_context,
  log,
  LogLevelValues,
  WasmResultValues,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";

const ROOT_ID = "as_pause_for_body";
const BODY_MARKER = "\n";

// The runtime has no wrapper for proxy_set_buffer_bytes (and declares its set-buffer helper
// against the wrong import), so declare the hostcall here with its ABI signature.
// @ts-ignore: decorator
@external("env", "proxy_set_buffer_bytes")
declare function proxy_set_buffer_bytes(buffer_type: i32, start: u32, length: u32, data_ptr: usize, data_size: usize): u32;

class PauseRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new PauseForBody(context_id, this);
  }
}

class PauseForBody extends Context {
  constructor(context_id: u32, root_context: PauseRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(headers: u32, end_of_stream: bool): FilterHeadersStatusValues {
    if (end_of_stream) return FilterHeadersStatusValues.Continue;
    // Hold the headers until the whole body has been seen (the plugin may still rewrite them).
    stream_context.headers.request.remove("content-length");
    return FilterHeadersStatusValues.StopIteration;
  }

  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    if (!end_of_stream) return FilterDataStatusValues.StopIterationAndBuffer;
    const body = get_buffer_bytes(BufferTypeValues.HttpRequestBody, 0, <u32>body_buffer_length);
    stream_context.headers.request.add("x-as-body-size", body.byteLength.toString());
    const marker = String.UTF8.encode(BODY_MARKER);
    // start >= current size appends (Envoy Buffer semantics).
    const r = proxy_set_buffer_bytes(BufferTypeValues.HttpRequestBody, <u32>body.byteLength, 0, changetype<usize>(marker), marker.byteLength);
    if (r != WasmResultValues.Ok) log(LogLevelValues.warn, "proxy_set_buffer_bytes returned " + r.toString());
    return FilterDataStatusValues.Continue;
  }
}

registerRootContext((context_id: u32): RootContext => new PauseRoot(context_id), ROOT_ID);
