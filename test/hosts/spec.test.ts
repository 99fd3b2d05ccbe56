/** The --host grammar (src/hosts/spec.ts): what each form selects, and the usage errors. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseHostSpec, type HostSpec } from '../../src/hosts/spec.js';

const labels = (s: HostSpec): string[] => (s.kind === 'targets' ? s.targets.map((t) => t.label) : ['auto']);
const profiles = (text: string): string[] => {
  const s = parseHostSpec(text);
  return s.kind === 'targets' ? s.targets.map((t) => t.profile) : [];
};

describe('parseHostSpec', () => {
  test('auto, and a family alone is its newest release', () => {
    expect(parseHostSpec('auto')).toEqual({ kind: 'auto' });
    expect(labels(parseHostSpec('envoy'))).toEqual(['envoy@1.38']);
    expect(labels(parseHostSpec('istio'))).toEqual(['istio@1.29']);
    expect(labels(parseHostSpec('higress'))).toEqual(['higress@2.2']);
  });

  test('a line, a patch, and the line a patch release moved to another host', () => {
    expect(profiles('envoy@1.32')).toEqual(['envoy-1.32.13']);
    expect(profiles('envoy@1.32.12')).toEqual(['envoy-1.32.0']);
    expect(profiles('envoy@1.32.13')).toEqual(['envoy-1.32.13']);
    expect(profiles('istio@1.24')).toEqual(['envoy-1.32.0']);
    expect(profiles('istio@1.22')).toEqual(['envoy-1.29']);
    expect(profiles('higress@2.0.4')).toEqual(['higress-2.0']);
    expect(profiles('higress@2.0.7')).toEqual(['higress-2.0.7']);
    expect(labels(parseHostSpec('higress@2.0.4'))).toEqual(['higress@2.0.4']);
    // A patch newer than the last one read belongs to the line's newest entry.
    expect(profiles('envoy@1.28.99')).toEqual(['envoy-1.27']);
  });

  test('ranges include both ends; lists keep their order and drop repeats', () => {
    expect(labels(parseHostSpec('envoy@1.30..1.33'))).toEqual(['envoy@1.30', 'envoy@1.31', 'envoy@1.32.0', 'envoy@1.32.13', 'envoy@1.33']);
    expect(labels(parseHostSpec('envoy@1.32.13..1.34'))).toEqual(['envoy@1.32.13', 'envoy@1.33', 'envoy@1.34']);
    const list = parseHostSpec('envoy, higress,envoy@1.38, envoy-main');
    expect(labels(list)).toEqual(['envoy@1.38', 'higress@2.2', 'envoy-main']);
    expect(list).toMatchObject({ matrix: true, versions: false });
    expect(parseHostSpec('envoy@1.30..1.36')).toMatchObject({ matrix: true, versions: true, versionsOnly: false });
  });

  test('all and versions: every release of every family, then envoy-main', () => {
    const all = parseHostSpec('all');
    expect(all).toMatchObject({ matrix: true, versions: true, versionsOnly: false });
    expect(labels(all)[0]).toBe('envoy@1.26');
    expect(labels(all).at(-1)).toBe('envoy-main');
    expect(labels(all)).toContain('istio@1.18');
    expect(parseHostSpec('versions')).toMatchObject({ matrix: false, versions: true, versionsOnly: true });
    // The old names still work: a host table by id.
    expect(profiles('higress-2.0')).toEqual(['higress-2.0']);
  });

  test.each([
    ['nginx', /--host nginx: expected auto, all, versions/],
    ['envoy@1.20', /--host envoy@1.20: no profile for envoy 1.20 \(envoy releases known: 1.26, .*1.38\)/],
    ['envoy@x', /envoy@x: "x" is not a version/],
    ['envoy@1.36..1.30', /the range is empty/],
    ['envoy,,higress', /an empty item/],
    ['auto,envoy', /auto cannot be combined/],
  ])('%s is a usage error', (text, message) => {
    expect(() => parseHostSpec(text)).toThrow(InputError);
    expect(() => parseHostSpec(text)).toThrow(message);
  });
});
