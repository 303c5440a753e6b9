import {createInterface} from 'node:readline'

import type {HerokuApp} from './types.js'

import {InterruptedError, ValidationError} from '../errors.js'

/** Asking a person at a terminal; a command takes it as a dependency (`terminalPrompt` by default, tests give their own). */
export interface ConfirmPrompt {
  /** Writes the question to stderr and resolves the line typed ('' when the input ends). */
  ask(question: string): Promise<string>
  /** True only when someone can answer: stdin and stderr are both terminals (so never in CI). */
  interactive(): boolean
}

export interface PromptStreams {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** Whether to treat the streams as a terminal (Ctrl-C arrives as a keystroke); by default, when the output is one. */
  terminal?: boolean
}

/** One question through node:readline. Ctrl-D (end of input) answers '' and Ctrl-C rejects with InterruptedError. */
export function askOnTerminal(question: string, streams?: PromptStreams): Promise<string> {
  const {input, output, terminal} = streams ?? {input: process.stdin, output: process.stderr}
  return new Promise<string>((resolve, reject) => {
    const lines = createInterface({input, output, terminal})
    lines.on('SIGINT', () => {
      reject(new InterruptedError('Interrupted: maintenance was not started.'))
      lines.close()
    })
    lines.on('close', () => resolve(''))
    lines.question(question, answer => {
      resolve(answer)
      lines.close()
    })
  })
}

export const terminalPrompt: ConfirmPrompt = {
  ask: question => askOnTerminal(question),
  interactive: () => Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY),
}

/**
 * The interactive form of --confirm: the user types the app's name. Nothing (the default) or anything else
 * refuses with a ValidationError, so that nothing is started.
 */
export async function confirmByTypingAppName(options: {addonName: string; app: HerokuApp; prompt: ConfirmPrompt}): Promise<void> {
  const {addonName, app, prompt} = options
  const warning = `Maintenance on ${addonName} restarts ${app.name}, which is not in maintenance mode.`
  const question = `${warning}\nTo start it now, type the app name (${app.name}); press Enter to cancel: `
  const answer = (await prompt.ask(question)).trim()
  if (answer === app.name) return
  if (answer === '') throw new ValidationError(`Cancelled: maintenance on ${addonName} was not started.`)
  throw new ValidationError(`${JSON.stringify(answer)} does not match ${app.name}: maintenance on ${addonName} was not started.`)
}
