import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sdkSpecifiers } from '../../core/sdk-resolution.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')

describe('sdkSpecifiers', () => {
  it('maps exactly the package.json exports to their files, so plugins outside the repo get what plugins inside get', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string> }
    const fromManifest = Object.fromEntries(
      Object.entries(manifest.exports).map(([subpath, target]) => [path.posix.join(manifest.name, subpath), pathToFileURL(path.join(repoRoot, target)).href]),
    )
    expect(sdkSpecifiers).toEqual(fromManifest)
  })
})
