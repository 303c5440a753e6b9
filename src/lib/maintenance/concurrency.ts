export type Settled<R> = {error: unknown; ok: false} | {ok: true; value: R}

/**
 * Runs `task` on every item with at most `limit` of them pending at once, and settles them all: one
 * rejection does not stop the others. Results come back in the order of `items`; `onSettled` is told
 * after each one how many have settled so far.
 */
export async function settleWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  onSettled?: (settled: number, total: number) => void,
): Promise<Settled<R>[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, not ${limit}`)
  const results: Settled<R>[] = Array.from({length: items.length})
  let next = 0
  let settled = 0
  // Each worker takes the next item as soon as its previous one settles, so that at most `limit` are pending.
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      try {
        results[index] = {ok: true, value: await task(items[index])}
      } catch (error) {
        results[index] = {error, ok: false}
      }

      settled++
      onSettled?.(settled, items.length)
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, () => worker()))
  return results
}
