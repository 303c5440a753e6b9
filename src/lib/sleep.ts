/**
 * A pause of `ms` that ends early, without an error, as soon as the signal aborts (at once when it already
 * has): the caller then looks at the signal. The one sleep of the plugin; callers that tests drive take it
 * as an option.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>(resolve => {
    if (signal?.aborted) {
      resolve()
      return
    }

    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }

    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })
}

/** A real timer that resolves after `ms` unless cancelled: a wait's deadline, whatever clock the wait reads. */
export function startTimer(ms: number): {cancel(): void; reached: Promise<void>} {
  let timer: ReturnType<typeof setTimeout> | undefined
  const reached = new Promise<void>(resolve => {
    timer = setTimeout(resolve, ms)
  })
  return {cancel: () => clearTimeout(timer), reached}
}
