import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from './roles.js'

/**
 * Tokens look like `sluice_admin_<43 base64url chars>`: the role is visible to a human and to
 * secret scanners, the 256-bit rest is the secret. Only a SHA-256 of the whole token is stored;
 * a fast hash is right here because the input has 256 bits of entropy, not a password's.
 */
export function generateToken(role: Role): string {
  return `sluice_${role}_${randomBytes(32).toString('base64url')}`
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Constant-time comparison of two hex digests, so response timing says nothing about how much matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}
