import { StandardResolutionReasons as R } from '@openfeature/server-sdk'
import type { Reason } from '@sluice/sdk'
import { describe, expect, it } from 'vitest'
import { fallbackReason, flagReason, variantReason } from './reasons.js'

describe('reasons', () => {
  it('maps every reason the engine gives for an evaluated flag, as the README table says', () => {
    const table: Record<Exclude<Reason, 'not_found' | 'error'>, [flag: string, variant: string, fallback: string]> = {
      disabled: [R.DISABLED, R.DISABLED, R.DISABLED],
      archived: [R.DISABLED, R.DISABLED, R.DISABLED],
      default: [R.STATIC, R.SPLIT, R.DEFAULT],
      rollout: [R.SPLIT, R.SPLIT, R.DEFAULT],
      out_of_rollout: [R.SPLIT, R.SPLIT, R.DEFAULT],
      targeted: [R.TARGETING_MATCH, R.TARGETING_MATCH, R.DEFAULT],
      not_targeted: [R.TARGETING_MATCH, R.TARGETING_MATCH, R.DEFAULT],
      missing_stickiness: [R.DEFAULT, R.DEFAULT, R.DEFAULT],
      rule_match: [R.TARGETING_MATCH, R.TARGETING_MATCH, R.DEFAULT],
      no_rule_matched: [R.TARGETING_MATCH, R.TARGETING_MATCH, R.DEFAULT],
      dependency_failed: [R.TARGETING_MATCH, R.TARGETING_MATCH, R.DEFAULT],
    }
    for (const [reason, expected] of Object.entries(table) as [Reason, string[]][]) {
      expect([flagReason(reason), variantReason(reason), fallbackReason(reason)], reason).toEqual(expected)
    }
  })

  it('reports a reason it does not know, from a newer engine, as UNKNOWN', () => {
    expect(flagReason('prerequisite_failed' as Reason)).toBe(R.UNKNOWN)
    expect(flagReason('toString' as Reason)).toBe(R.UNKNOWN)
  })
})
