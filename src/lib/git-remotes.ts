import {execFileSync} from 'node:child_process'

export interface GitRemote {
  app: string
  remote: string
}

type Git = (args: string[]) => string

const runGit: Git = args => {
  try {
    return execFileSync('git', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  } catch {
    return ''
  }
}

/** App name from a Heroku git URL (`https://git.heroku.com/APP.git`, `git@heroku.com:APP.git`), for the given git host. */
export function appFromGitUrl(url: string, gitHost = 'heroku.com'): string | undefined {
  const host = gitHost.replaceAll('.', String.raw`\.`)
  const match = new RegExp(`^(?:https://git\\.${host}/|git@(?:git\\.)?${host}:|ssh://git@(?:git\\.)?${host}/)([\\w.-]+?)(?:\\.git)?/?$`).exec(url.trim())
  return match?.[1]
}

/**
 * The Heroku apps named by this directory's git remotes, the way the Heroku CLI finds the default app
 * (a small reimplementation: the CLI's own module pulls in about a second of start-up).
 */
export function herokuGitRemotes(onlyRemote?: string, git: Git = runGit, gitHost = process.env.HEROKU_GIT_HOST ?? 'heroku.com'): GitRemote[] {
  const wanted = onlyRemote ?? (git(['config', 'heroku.remote']).trim() || undefined)
  const seen = new Map<string, GitRemote>()
  for (const line of git(['remote', '-v']).split('\n')) {
    const [remote, url] = line.split(/\s+/)
    if (!remote || !url || (wanted && remote !== wanted)) continue
    const app = appFromGitUrl(url, gitHost)
    if (app) seen.set(`${remote} ${app}`, {app, remote})
  }

  return [...seen.values()]
}
