import {spawn, spawnSync} from 'node:child_process'

/**
 * A command run on a pseudo-terminal, as in a terminal window: util-linux `script` gives it a pty, and
 * Ctrl-C is typed into that pty, so that the terminal driver sends SIGINT to the whole foreground process
 * group (a host CLI and everything it started), with stdout and stderr both terminals (spinners on).
 */

export interface PtyRun {
  /** What the terminal showed: stdout and stderr together, without colours and cursor moves, lines ending in \n. */
  output: string
  /** The command's exit status (script -e passes it on). */
  status: null | number
}

export interface PtyOptions {
  env: NodeJS.ProcessEnv
  /** Ctrl-C is typed once the terminal shows this (and `before`, if given, has resolved). */
  ready: RegExp
  /** Checked once `ready` showed, before Ctrl-C is typed; e.g. that the sandbox has seen the run's POST. */
  before?: () => Promise<void>
  /** The whole run is ended (and fails) after this long. */
  timeoutMs?: number
}

/** util-linux `script` (the one with -e and -c); BSD's differs. */
export function hasPtyScript(): boolean {
  const version = spawnSync('script', ['--version'], {encoding: 'utf8'})
  return version.status === 0 && /util-linux/.test(version.stdout)
}

/** One word for sh -c, quoted only when it must be. */
export function shellQuote(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", String.raw`'\''`)}'`
}

/** The terminal's text without ANSI escapes and carriage returns. */
export function plainTerminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '').replaceAll('\r', '')
}

function typeCtrlC(terminal: NodeJS.WritableStream): void {
  terminal.write('\u0003')
}

/** Runs `command` on a pty, types Ctrl-C once `ready` shows, and resolves what the terminal showed and the exit status. */
export function runInPtyAndInterrupt(command: string[], options: PtyOptions): Promise<PtyRun> {
  const child = spawn('script', ['-qfec', command.map(arg => shellQuote(arg)).join(' '), '/dev/null'], {
    detached: true,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let raw = ''
  let typed = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL')
      reject(new Error(`${command.join(' ')} did not show ${options.ready} or did not end within ${options.timeoutMs ?? 60_000} ms on a pty:\n${plainTerminalText(raw)}`))
    }, options.timeoutMs ?? 60_000)
    const read = (chunk: Buffer) => {
      raw += chunk.toString('utf8')
      if (typed || !options.ready.test(plainTerminalText(raw))) return
      typed = true
      if (options.before) {
        options.before().then(() => typeCtrlC(child.stdin), (error: unknown) => {
          process.kill(-child.pid!, 'SIGKILL')
          reject(error)
        })
      } else typeCtrlC(child.stdin)
    }

    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('error', reject)
    child.on('close', status => {
      clearTimeout(timer)
      child.stdin.destroy()
      resolve({output: plainTerminalText(raw), status})
    })
  })
}
