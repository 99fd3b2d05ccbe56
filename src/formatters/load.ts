/** One formatter, loading only its own module: the CLI's start-up path (src/formatters/index.ts loads all). */
import type { Format } from './names.js';
import type { Formatter } from './types.js';

export async function loadFormatter(format: Format): Promise<Formatter> {
  switch (format) {
    case 'human': return (await import('./human.js')).human;
    case 'json': return (await import('./json.js')).json;
    case 'junit': return (await import('./junit.js')).junit;
    case 'sarif': return (await import('./sarif.js')).sarif;
    case 'github': return (await import('./github.js')).github;
  }
}
