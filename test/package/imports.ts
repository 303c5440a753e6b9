import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import ts from 'typescript'

/** Reading the import specifiers of the plugin's and the sandbox's sources, for the tests of what each may import. */

/**
 * Every module specifier a source imports: `import … from`, `import '…'`, `export … from`, `import(…)` and
 * `require(…)`, as TypeScript's own scanner finds them (comments and strings that merely look like imports are not).
 */
export function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(file => file.fileName)
}

/** The package a bare specifier names: `@scope/name/deep/path.js` → `@scope/name`, `luxon` → `luxon`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** The .ts and .js files under `folder` (absolute paths), without build output or installed packages. */
export function sourceFiles(folder: string): string[] {
  return readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return ['dist', 'node_modules'].includes(entry.name) ? [] : sourceFiles(path)
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Each file with the specifiers it imports. */
export function importsOf(files: string[]): Array<{file: string; specifiers: string[]}> {
  return files.map(file => ({file, specifiers: importSpecifiers(readFileSync(file, 'utf8'))}))
}
