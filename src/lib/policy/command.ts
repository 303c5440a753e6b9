import {readFileSync} from 'node:fs'

import {BaseCommand, type ErrorJson} from '../base-command.js'
import {ValidationError} from '../errors.js'
import {InvalidPolicyError, parsePolicy, type Policy} from './policy.js'

/** Reads a policy file; a file that cannot be read is a usage error, like any bad input. */
export function loadPolicy(file: string): Policy {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const {code} = (error as NodeJS.ErrnoException)
    const why = code === 'ENOENT' ? 'no such file' : (code === 'EISDIR' ? 'it is a folder' : (error as Error).message)
    throw new ValidationError(`Cannot read the policy file ${file}: ${why}. Give the path of a YAML or JSON policy (see the README's sample).`)
  }

  return parsePolicy(text, file)
}

/** The policy commands: an invalid file prints one line per problem (stderr, or `problems` under --json) before the usual error line. */
export abstract class PolicyCommand extends BaseCommand {
  override async catch(error: Error & {exitCode?: number}): Promise<void> {
    if (error instanceof InvalidPolicyError && !this.jsonEnabled()) {
      for (const problem of error.problems) process.stderr.write(`${this.redact(problem)}\n`)
    }

    return super.catch(error)
  }

  override toErrorJson(error: unknown): ErrorJson & {error: {problems?: string[]}} {
    const json = super.toErrorJson(error)
    return error instanceof InvalidPolicyError ? {error: {...json.error, problems: error.problems.map(p => this.redact(p))}} : json
  }
}
