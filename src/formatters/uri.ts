/**
 * File names as URI references (SARIF `artifactLocation.uri` must be one, RFC 3986): every path
 * segment percent-encoded as UTF-8, so spaces, `#`, `%`, `?`, control characters and non-ASCII
 * names survive a round trip (`decodeURIComponent` per segment gives the name back).
 */
/** Lone UTF-16 surrogates (a file name that was not valid UTF-8) become U+FFFD: encodeURIComponent throws on them. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** One path segment, RFC 3986 unreserved characters kept, everything else percent-encoded. */
function segment(seg: string): string {
  return encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A relative path stays relative (GitHub resolves it against the checkout); an absolute one
 * (`/x`, `C:\x`) is a file: URL. Never depends on the working directory.
 */
export function fileUri(path: string): string {
  const p = wellFormed(path).replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(p);
  if (drive !== null) return `file:///${drive[1]}:/${p.slice(3).split('/').map(segment).join('/')}`;
  // A relative first segment with a colon cannot read as a scheme: segment() encodes the colon.
  const encoded = p.split('/').map(segment).join('/');
  return p.startsWith('/') ? `file://${encoded}` : encoded;
}
