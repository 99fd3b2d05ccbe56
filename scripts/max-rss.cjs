// Preloaded with `node -r ./scripts/max-rss.cjs` by the hostile suite and `npm run fuzz`: when
// the process exits, writes its peak resident memory (all threads, KiB) to $WV_MAX_RSS_FILE.
'use strict';
const { writeFileSync } = require('node:fs');
const file = process.env.WV_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // measuring must never change the exit
    }
  });
}
