/** Assembles the hostile classes into .wasm files in a directory (shared by the test and `npm run hostile`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { hostileClasses, type HostileClass } from './classes.js';

export async function buildHostile(dir: string): Promise<Array<HostileClass & { file: string }>> {
  const wabt = await wabtInit();
  return hostileClasses().map((c) => {
    const mod = wabt.parseWat(`${c.name}.wat`, c.wat);
    try {
      const file = join(dir, `${c.name}.wasm`);
      writeFileSync(file, new Uint8Array(mod.toBinary({ write_debug_names: true }).buffer));
      return { ...c, file };
    } finally {
      mod.destroy();
    }
  });
}

/** Every rule id in a JSON report, static and per scenario. */
export function ruleIds(json: string): Set<string> {
  const doc = JSON.parse(json) as { results: Array<{ findings: Array<{ ruleId: string }>; scenarios?: Array<{ findings: Array<{ ruleId: string }> }> }> };
  const ids = new Set<string>();
  for (const r of doc.results) {
    for (const f of r.findings) ids.add(f.ruleId);
    for (const s of r.scenarios ?? []) for (const f of s.findings) ids.add(f.ruleId);
  }
  return ids;
}
