#!/usr/bin/env node
// Starts the local API sandbox (see this package's README.md). It runs the build output: npm run build first.
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const entry = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('sandbox: dist/cli.js is missing; run `npm run build` first\n')
  process.exit(1)
}

const {runSandboxCli} = await import(entry.href)
process.exitCode = await runSandboxCli(process.argv.slice(2))
