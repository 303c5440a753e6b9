import {expect} from 'chai'

import {appFromGitUrl, herokuGitRemotes} from '../../src/lib/git-remotes.js'

/** A fake `git` that answers `config heroku.remote` and `remote -v` as told, recording each call. */
function fakeGit(answers: {config?: string; remotes: string[]}) {
  const calls: string[][] = []
  const git = (args: string[]) => {
    calls.push(args)
    if (args[0] === 'config') return answers.config ?? ''
    if (args.join(' ') === 'remote -v') return answers.remotes.join('\n') + '\n'
    throw new Error(`unexpected git ${args.join(' ')}`)
  }

  return {calls, git}
}

describe('git-remotes', () => {
  describe('appFromGitUrl', () => {
    const heroku: Array<[string, string | undefined]> = [
      ['https://git.heroku.com/my-app.git', 'my-app'],
      ['https://git.heroku.com/my-app', 'my-app'],
      ['https://git.heroku.com/my-app.git/', 'my-app'],
      ['  https://git.heroku.com/my.app-2.git\n', 'my.app-2'],
      ['git@heroku.com:my-app.git', 'my-app'],
      ['git@git.heroku.com:my-app.git', 'my-app'],
      ['ssh://git@heroku.com/my-app.git', 'my-app'],
      ['ssh://git@git.heroku.com/my-app.git', 'my-app'],
      ['https://github.com/acme/my-app.git', undefined],
      ['git@github.com:acme/my-app.git', undefined],
      ['https://git.heroku.com.evil.test/my-app.git', undefined],
      ['https://gitXherokuXcom/my-app.git', undefined],
      ['https://git.heroku.com/acme/my-app.git', undefined],
      ['http://git.heroku.com/my-app.git', undefined],
    ]
    for (const [url, app] of heroku) {
      it(`${JSON.stringify(url)} → ${app ?? 'not a Heroku app'}`, () => {
        expect(appFromGitUrl(url)).to.equal(app)
      })
    }

    it('uses another git host when given one', () => {
      expect(appFromGitUrl('https://git.staging.test/my-app.git', 'staging.test')).to.equal('my-app')
      expect(appFromGitUrl('git@staging.test:my-app.git', 'staging.test')).to.equal('my-app')
      expect(appFromGitUrl('https://git.heroku.com/my-app.git', 'staging.test')).to.equal(undefined)
    })
  })

  describe('herokuGitRemotes', () => {
    it('lists each Heroku remote once, although git prints fetch and push lines', () => {
      const {git} = fakeGit({remotes: [
        'heroku\thttps://git.heroku.com/my-app.git (fetch)',
        'heroku\thttps://git.heroku.com/my-app.git (push)',
        'origin\tgit@github.com:acme/my-app.git (fetch)',
        'origin\tgit@github.com:acme/my-app.git (push)',
        'staging\tgit@heroku.com:my-app-staging.git (fetch)',
        'staging\tgit@heroku.com:my-app-staging.git (push)',
      ]})
      expect(herokuGitRemotes(undefined, git, 'heroku.com')).to.deep.equal([
        {app: 'my-app', remote: 'heroku'},
        {app: 'my-app-staging', remote: 'staging'},
      ])
    })

    it('keeps only the remote asked for, without reading heroku.remote', () => {
      const {calls, git} = fakeGit({config: 'heroku', remotes: [
        'heroku\thttps://git.heroku.com/my-app.git (fetch)',
        'staging\thttps://git.heroku.com/my-app-staging.git (fetch)',
      ]})
      expect(herokuGitRemotes('staging', git, 'heroku.com')).to.deep.equal([{app: 'my-app-staging', remote: 'staging'}])
      expect(calls).to.deep.equal([['remote', '-v']])
    })

    it('honours the heroku.remote git config when no remote is asked for', () => {
      const {git} = fakeGit({config: 'staging\n', remotes: [
        'heroku\thttps://git.heroku.com/my-app.git (fetch)',
        'staging\thttps://git.heroku.com/my-app-staging.git (fetch)',
      ]})
      expect(herokuGitRemotes(undefined, git, 'heroku.com')).to.deep.equal([{app: 'my-app-staging', remote: 'staging'}])
    })

    it('gives nothing outside a git repository (git answers nothing)', () => {
      expect(herokuGitRemotes(undefined, () => '', 'heroku.com')).to.deep.equal([])
    })

    it('gives nothing when the asked remote does not exist', () => {
      const {git} = fakeGit({remotes: ['heroku\thttps://git.heroku.com/my-app.git (fetch)']})
      expect(herokuGitRemotes('prod', git, 'heroku.com')).to.deep.equal([])
    })

    it('reads the git host from HEROKU_GIT_HOST by default', () => {
      const {git} = fakeGit({remotes: [
        'heroku\thttps://git.heroku.com/my-app.git (fetch)',
        'dev\thttps://git.staging.test/dev-app.git (fetch)',
      ]})
      const saved = process.env.HEROKU_GIT_HOST
      try {
        process.env.HEROKU_GIT_HOST = 'staging.test'
        expect(herokuGitRemotes(undefined, git)).to.deep.equal([{app: 'dev-app', remote: 'dev'}])
        delete process.env.HEROKU_GIT_HOST
        expect(herokuGitRemotes(undefined, git)).to.deep.equal([{app: 'my-app', remote: 'heroku'}])
      } finally {
        if (saved === undefined) delete process.env.HEROKU_GIT_HOST
        else process.env.HEROKU_GIT_HOST = saved
      }
    })
  })
})
