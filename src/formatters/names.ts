/** Output formats (kept apart from the formatters so the CLI can list them without loading them). */
export const FORMATS = ['human', 'json', 'junit', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
