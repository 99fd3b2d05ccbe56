// as-add-header: a correct AssemblyScript plugin on @solo-io/proxy-runtime 0.1.8 (ABI 0.2.0).
// Adds `x-as-plugin: <value>` to the request headers and `x-as-plugin-response: <value>` to the
// response headers, then continues. <value> is the "value" field of the JSON configuration.
//
// Runtime facts the expected verdicts depend on (read from the runtime's assembly/runtime.ts):
// - The root context is created by the factory registered under the root id the host reports in
//   the `plugin_root_id` property; any other root id traps in proxy_on_context_create
//   ("Missing root context factory for root id: ..."). Register and run with root id "as_add_header".
// - RootContext.onConfigure passes configuration_size as the ret_size pointer of
//   proxy_get_buffer_bytes; with an empty configuration the host writes nothing useful and the
//   runtime decodes a null buffer: proxy_on_configure traps (out-of-bounds load). Always configure it.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
  log,
  LogLevelValues,
} from "@solo-io/proxy-runtime";

const ROOT_ID = "as_add_header";

// The value of a top-level string field in a flat JSON object; "" when absent. Enough for
// `{"value":"..."}` without pulling a JSON library into a sample.
function jsonStringField(json: string, key: string): string {
  const needle = '"' + key + '"';
  let i = json.indexOf(needle);
  if (i < 0) return "";
  i = json.indexOf(":", i + needle.length);
  if (i < 0) return "";
  const open = json.indexOf('"', i + 1);
  if (open < 0) return "";
  const close = json.indexOf('"', open + 1);
  if (close < 0) return "";
  return json.substring(open + 1, close);
}

class AddHeaderRoot extends RootContext {
  value: string = "1";

  onConfigure(configuration_size: u32): bool {
    // The runtime reads the configuration (and traps when it is empty, see above).
    if (!super.onConfigure(configuration_size)) return false;
    const v = jsonStringField(this.getConfiguration(), "value");
    if (v.length > 0) this.value = v;
    log(LogLevelValues.info, "as-add-header configured, value=" + this.value);
    return true;
  }

  createContext(context_id: u32): Context {
    return new AddHeader(context_id, this);
  }
}

class AddHeader extends Context {
  value: string;

  constructor(context_id: u32, root_context: AddHeaderRoot) {
    super(context_id, root_context);
    this.value = root_context.value;
  }

  onRequestHeaders(headers: u32, end_of_stream: bool): FilterHeadersStatusValues {
    stream_context.headers.request.add("x-as-plugin", this.value);
    return FilterHeadersStatusValues.Continue;
  }

  onResponseHeaders(headers: u32, end_of_stream: bool): FilterHeadersStatusValues {
    stream_context.headers.response.add("x-as-plugin-response", this.value);
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32): RootContext => new AddHeaderRoot(context_id), ROOT_ID);
