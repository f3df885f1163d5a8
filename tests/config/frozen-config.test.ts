import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load-config.js'
import { recordingResolver, tempConfigDir, validConfig } from './config-fixtures.js'

const files = tempConfigDir()
afterAll(files.cleanup)

describe('loadConfig freezes what it returns', () => {
  it('throws on any change to the loaded config, however deep', async () => {
    const result = await loadConfig({ path: files.write('frozen.yaml', validConfig()), env: {}, resolveRegistry: recordingResolver().resolve })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    const config = result.config
    const [connection] = config.connections
    if (!connection) throw new Error('fixture has a connection')

    expect(() => { config.server.port = 1 }).toThrow(TypeError)
    expect(() => { connection.enabled = false }).toThrow(TypeError)
    expect(() => { connection.delete_guard.max_ratio = 1 }).toThrow(TypeError)
    expect(() => { (connection.settings as { page_size: number }).page_size = 1 }).toThrow(TypeError)
    expect(() => connection.employers.push('999')).toThrow(TypeError)
    expect(() => config.connections.pop()).toThrow(TypeError)
    expect(() => { config.webhooks[0]!.events[0] = 'sync.failed' }).toThrow(TypeError)
    // Nothing changed.
    expect(config.server.port).toBe(8080)
    expect(connection.delete_guard.max_ratio).toBe(0.2)
    expect(config.connections).toHaveLength(validConfig().connections.length)
  })
})
