/** Exit codes: a contract scripts and tests depend on. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
