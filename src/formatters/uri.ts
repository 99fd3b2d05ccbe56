/**
 * File names as URI references (SARIF `artifactLocation.uri` must be one, RFC 3986): every path
 * segment percent-encoded as UTF-8, so spaces, `#`, `%`, `?`, control characters and non-ASCII
 * names survive a round trip (`decodeURIComponent` per segment gives the name back).
 */
import { pathToFileURL } from 'node:url';

/** Lone UTF-16 surrogates (a file name that was not valid UTF-8) become U+FFFD: encodeURIComponent throws on them. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A relative path stays relative (GitHub resolves it against the checkout); an absolute one is a file: URL. */
export function fileUri(path: string): string {
  const p = wellFormed(path).replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) return pathToFileURL(p).href;
  // A first segment with a colon would read as a scheme: encodeURIComponent leaves no colon.
  return p.split('/').map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
