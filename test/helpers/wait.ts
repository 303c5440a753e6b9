import type {Maintenance} from '../../src/lib/maintenance/types.js'
import type {WaitRuntime} from '../../src/lib/maintenance/wait.js'

import {ApiError} from '../../src/lib/errors.js'
import {startTimer} from '../../src/lib/sleep.js'
import {aMaintenance} from './fixtures.js'

export const START = Date.parse('2026-11-27T18:00:00.000Z')

export function apiError(status: number, message = `failure ${status}`): ApiError {
  return new ApiError({id: `http_${status}`, message, method: 'GET', path: '/data/maintenances/v1/addon-id-1', status})
}

/** Answers each poll with the next step (a status or an error); the last step repeats. */
export function polls(...steps: Array<ApiError | string>) {
  let calls = 0
  const fetch = async (): Promise<Maintenance> => {
    const step = steps[Math.min(calls, steps.length - 1)]
    calls++
    if (step instanceof Error) throw step
    return aMaintenance({status: step})
  }

  return {
    get calls() {
      return calls
    },
    fetch,
  }
}

/** A clock that only moves when the loop sleeps, and a record of every pause. */
export function fakeTime() {
  let now = START
  const sleeps: number[] = []
  return {
    now: () => now,
    async sleep(ms: number) {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
  }
}

/** A command's wait runtime for tests: no jitter, a clock from START that moves only when the wait pauses (each pause recorded in `sleeps`), and the real deadline timer. */
export function pausingRuntime(sleeps: number[]): WaitRuntime {
  let clock = START
  return {
    deadlineTimer: startTimer,
    now: () => clock,
    random: () => 0.5,
    async sleep(ms) {
      sleeps.push(ms)
      clock += ms
    },
  }
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }

  throw new Error('expected a failure')
}

