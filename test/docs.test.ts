import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, RULE_IDS } from '../src/rules/catalog.js';

describe('rule documentation', () => {
  it.each(RULE_IDS)('%s has a docs page with its id, slug and the required parts', (id) => {
    const path = `docs/rules/${id}.md`;
    expect(existsSync(path), `${path} missing`).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${id} ${RULES[id].slug}: ${RULES[id].title}`);
    for (const part of ['## What', '## Why the gateway fails', '## What to grep for in the gateway log', '## How to fix', '## Example']) {
      expect(text, `${id}: ${part}`).toContain(part);
    }
  });

  it('every rule has a hint: a finding gives its cause and one actionable fix', () => {
    const without = RULE_IDS.filter((id) => typeof (RULES[id] as { hint?: unknown }).hint !== 'function');
    expect(without).toEqual([]);
  });

  it('ids are WV + four digits and slugs are unique kebab-case', () => {
    const slugs = RULE_IDS.map((id) => RULES[id].slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const id of RULE_IDS) {
      expect(id).toMatch(/^WV\d{4}$/);
      expect(RULES[id].slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
});
