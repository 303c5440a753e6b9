import {homedir} from 'node:os'
import {join} from 'node:path'

import {ValidationError} from '../errors.js'

type Env = Record<string, string | undefined>

/** Where the Heroku CLI keeps its login state (the account name used to look up the OS credential store). */
function herokuDataDir(env: Env): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'heroku')
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'heroku')
  return join(homedir(), '.local', 'share', 'heroku')
}

/**
 * The API token: `HEROKU_API_KEY`, else what `heroku login` stored (OS credential store or ~/.netrc).
 * The credential store module is loaded only when it is needed: it costs about a second of start-up.
 */
export async function findToken(host: string, env: Env = process.env): Promise<string> {
  const fromEnv = env.HEROKU_API_KEY?.trim()
  if (fromEnv) return fromEnv
  try {
    const {readLoginState} = await import('@heroku-cli/command/lib/credential-manager-core/lib/login-state.js')
    const {getAuth} = await import('@heroku-cli/command/lib/credential-manager.js')
    const account = (await readLoginState(herokuDataDir(env)))?.account
    const {token} = await getAuth(account, host)
    if (token) return token
  } catch {
    // No stored credentials: fall through to the message below.
  }

  throw new ValidationError('Not logged in: set HEROKU_API_KEY or run `heroku login`.')
}
