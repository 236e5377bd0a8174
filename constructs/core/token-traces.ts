// cdktf records where every token was created: it captures a full stack trace (no depth
// limit) into a plain object and formats it at once, kept for an error message that names a
// token's origin. An app that reports problems by construct path never shows it, and it was
// a quarter of the CPU of a large synth. cdktf has no switch for it; this runs `work` with
// captures into anything but an Error (cdktf's target is a plain object) doing nothing, so
// such a trace comes out empty and no frame is collected or formatted.

type CaptureStackTrace = typeof Error.captureStackTrace;

/** runs `work` without cdktf's token creation traces; real errors keep their stack */
export function withoutTokenCreationTraces<T>(work: () => T): T {
  const capture: CaptureStackTrace = Error.captureStackTrace;
  Error.captureStackTrace = (target, constructorOpt) => {
    if (target instanceof Error) capture(target, constructorOpt);
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = capture;
  }
}
