/**
 * The plugin's one SIGINT handler. Ctrl-C at a terminal signals the whole foreground process group, and a
 * host CLI may have a handler of its own that exits at once (the Heroku CLI's telemetry calls
 * process.exit(1), printing nothing), which would skip what Ctrl-C must still do here: say what goes on at
 * Heroku and, with --maintenance-mode, switch maintenance mode back off.
 */

/**
 * Runs fn with a signal that Ctrl-C aborts. While fn runs this is the process's only SIGINT handler; the
 * handlers it set aside are put back afterwards, whatever happens. A second Ctrl-C aborts nothing more, so
 * that what must be undone still is.
 */
export async function withInterruptSignal<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  // rawListeners keeps once() wrappers, so that a handler put back keeps its once behaviour.
  const setAside = process.rawListeners('SIGINT') as Array<() => void>
  process.removeAllListeners('SIGINT')
  const onInterrupt = () => controller.abort()
  process.on('SIGINT', onInterrupt)
  try {
    return await fn(controller.signal)
  } finally {
    process.off('SIGINT', onInterrupt)
    for (const listener of setAside) process.on('SIGINT', listener)
  }
}
