/**
 * `--host auto`: which gateway a module targets, from what it is. Higress when it exports
 * proxy_abi_version_0_2_100 or imports a Higress-only function (autoHost), when its `.buildrc`
 * asks for the 0.2.100 tag (that file exists only in Higress's wasm-go build), or when it was
 * built with the Higress Go SDK or its plugin framework (wasm-go), as its build info says;
 * Envoy otherwise.
 */
import { autoHost, type Family } from 'proxy-wasm-host-mock/profiles';
import type { BuildRc } from './buildrc.js';
import { higressSdkOf } from './inspect/toolchain.js';
import type { ModuleInfo } from './inspect/types.js';

/** The gateway family the module targets; src/verify.ts takes its newest release. */
export function autoHostFor(info: ModuleInfo, buildrc: BuildRc | null = null): Family {
  if (/(^|[\s,])proxy_wasm_version_0_2_100($|[\s,])/.test(buildrc?.vars['EXTRA_TAGS'] ?? '')) return 'higress';
  if (higressSdkOf(info.toolchain) !== undefined) return 'higress';
  return autoHost(info.markers, info.imports.filter((i) => i.kind === 'function').map((i) => i.name));
}
