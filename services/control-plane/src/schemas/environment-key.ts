import { Type } from '@sinclair/typebox'
import { ENVIRONMENT_KEY_PATTERN } from '../config.js'

/** An environment key, described for where it appears (tokens and audit name environments too). */
export function environmentKey(description = 'Lowercase letters, digits, `-` and `_`, at most 64') {
  return Type.String({ pattern: ENVIRONMENT_KEY_PATTERN, maxLength: 64, description, examples: ['staging'] })
}
