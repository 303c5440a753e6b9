import {expect} from 'chai'
import {readFileSync} from 'node:fs'

interface LockEntry {
  link?: boolean
  version?: string
}

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
    lockfileVersion: number
    packages: Record<string, LockEntry>
  }

  it('gives every package entry a version, so that npm ci accepts it on a fresh machine', () => {
    const withoutVersion = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && !entry.link && !entry.version)
    .map(([path]) => path)
    expect(withoutVersion).to.deep.equal([])
  })

  it('is a lockfile version 3 written by npm 7 or later', () => {
    expect(lock.lockfileVersion).to.equal(3)
  })
})
