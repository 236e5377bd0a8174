// cdktf records where every token was created: a full stack trace, formatted at once (through
// source maps when they are on), kept for an error message that names a token's origin. An
// app that reports problems by construct path never shows it, and it was a quarter of the
// CPU of a large synth. cdktf has no switch for it; this runs `work` with the traces of
// non-errors (cdktf's capture target is a plain object) formatted as nothing.

type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** runs `work` without cdktf's token creation traces; real errors keep their stack */
export function withoutTokenCreationTraces<T>(work: () => T): T {
  const hook = Error as { prepareStackTrace?: PrepareStackTrace };
  const previous = hook.prepareStackTrace;
  hook.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    if (!(error instanceof Error)) return '';
    if (previous) return previous(error, frames);
    return `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join('')}`;
  };
  try {
    return work();
  } finally {
    hook.prepareStackTrace = previous;
  }
}
