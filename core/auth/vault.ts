import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { KoppelError } from '../errors.js'

const version = 'v1'

/**
 * Encrypts secrets at rest with AES-256-GCM: a fresh 12-byte IV per value and the owner's id
 * (e.g. the connection id) bound as additional authenticated data, so a ciphertext copied to
 * another connection does not decrypt. Output: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export interface Vault {
  encrypt(plaintext: string, boundTo: string): string
  decrypt(ciphertext: string, boundTo: string): string
}

export function parseEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64')
  if (key.length !== 32 || key.toString('base64') !== base64.replace(/\s/g, '')) {
    throw new KoppelError('vault_key_invalid', 'encryption key must be 32 bytes, base64-encoded (tsx gateway.ts keygen makes one)')
  }
  return key
}

export function createVault(base64Key: string): Vault {
  const key = parseEncryptionKey(base64Key)
  return {
    encrypt(plaintext, boundTo) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(boundTo, 'utf8'))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
    },
    decrypt(ciphertext, boundTo) {
      const [v, iv, tag, body] = ciphertext.split('.')
      if (v !== version || iv === undefined || tag === undefined || body === undefined) {
        throw new KoppelError('vault_decrypt_failed', 'stored secret has an unknown format')
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAAD(Buffer.from(boundTo, 'utf8'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
      } catch (cause) {
        throw new KoppelError('vault_decrypt_failed', 'stored secret cannot be decrypted: wrong encryption key or tampered data', { cause })
      }
    },
  }
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64')
}
