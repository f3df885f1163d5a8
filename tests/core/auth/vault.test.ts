import { describe, expect, it } from 'vitest'
import { createVault, generateEncryptionKey, parseEncryptionKey } from '../../../core/auth/vault.js'

describe('vault', () => {
  const vault = createVault(generateEncryptionKey())

  it('round-trips a secret with a fresh IV each time and never stores the plaintext', () => {
    const a = vault.encrypt('access-token-123', 'acme')
    const b = vault.encrypt('access-token-123', 'acme')
    expect(a).not.toBe(b)
    expect(a).not.toContain('access-token-123')
    expect(vault.decrypt(a, 'acme')).toBe('access-token-123')
    expect(Buffer.from(a.split('.')[1]!, 'base64url')).toHaveLength(12)
  })

  it('refuses the wrong key, another connection and tampered ciphertext with a coded error', () => {
    const sealed = vault.encrypt('refresh-token', 'acme')
    expect(() => createVault(generateEncryptionKey()).decrypt(sealed, 'acme')).toThrow(expect.objectContaining({ code: 'vault_decrypt_failed' }))
    expect(() => vault.decrypt(sealed, 'other-connection')).toThrow(expect.objectContaining({ code: 'vault_decrypt_failed' }))
    const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string]
    const flipped = Buffer.from(body, 'base64url')
    flipped[0] = flipped[0]! ^ 1
    expect(() => vault.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'), 'acme')).toThrow(expect.objectContaining({ code: 'vault_decrypt_failed' }))
    expect(() => vault.decrypt('garbage', 'acme')).toThrow(expect.objectContaining({ code: 'vault_decrypt_failed' }))
  })

  it('accepts only 32-byte base64 keys', () => {
    expect(parseEncryptionKey(generateEncryptionKey())).toHaveLength(32)
    for (const bad of ['', 'short', Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), '!!!not base64!!!']) {
      expect(() => parseEncryptionKey(bad)).toThrow(expect.objectContaining({ code: 'vault_key_invalid' }))
    }
  })
})
