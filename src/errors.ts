/** Errors the CLI maps to exit codes. Anything else thrown is our bug (exit 3). */

/** Bad usage or an unreadable input: exit 2, one line, no stack. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
