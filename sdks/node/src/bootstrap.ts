/**
 * Bootstrap state: what the client serves before the control plane has answered, given as an
 * object (checked now: a malformed one is a programming error) or as a path to a JSON file
 * (read once, synchronously, at creation, so the very first `isEnabled` can use it).
 */
import { readFileSync } from 'node:fs'
import type { Canary, SdkChaosRule, SdkFlag, SdkSegment, Snapshot } from '@sluice/core'
import { InvalidOptionError, InvalidStateError } from './errors.js'
import { parseJson, toSnapshot } from './wire.js'

/** A snapshot as `/sdk/state` returns it; by hand, `seq`, `canaries` and `chaosRules` may be left out. */
export interface BootstrapState {
  seq?: number
  /** The environment the state is of; the client's default context environment. */
  environment?: string
  flags: SdkFlag[]
  canaries?: Canary[]
  chaosRules?: SdkChaosRule[]
  /** The segments `rules` flags name. */
  segments?: SdkSegment[]
}

/** Checks an object bootstrap; throws InvalidOptionError naming `bootstrap`. */
export function bootstrapObject(value: BootstrapState): Snapshot {
  try {
    return toSnapshot(value, 'bootstrap')
  } catch (err) {
    throw new InvalidOptionError((err as Error).message)
  }
}

/** Reads a bootstrap file; throws InvalidStateError (reported, not fatal: the stream may still deliver). */
export function bootstrapFile(file: string): Snapshot {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InvalidStateError(`bootstrap file ${file}: cannot read it (${(err as Error).message})`, { cause: err })
  }
  return toSnapshot(parseJson(text, `bootstrap file ${file}`), `bootstrap file ${file}`)
}
