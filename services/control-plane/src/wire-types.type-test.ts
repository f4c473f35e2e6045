/**
 * The wire shapes are written twice: as @sluice/core's types (what the SDKs compile against)
 * and as the route schemas here (what validates, serialises and documents them). Core cannot
 * depend on the service, and the schemas carry what types cannot (limits, patterns,
 * descriptions), so neither is derived from the other; instead `tsc -b` checks here that
 * each pair describes the same JSON. A field added, dropped, renamed or retyped on one side
 * only fails the build at its pair. Nothing here runs.
 */
import type { Static } from '@sinclair/typebox'
import type * as core from '@sluice/core'
import type { InjectionReport } from './canaries/outcome-ingest.js'
import type { ChaosConfig, ChaosRule, ChaosStopOn } from './chaos/chaos-schemas.js'
import type { ChaosRuleView } from './chaos/chaos-store.js'
import type { CheckResult, Flag } from './flags/flag-schemas.js'
import type { EnvironmentFlag } from './flags/flag-store.js'
import type { Constraint, Dependency, Rule, Variant } from './rules/rule-schemas.js'
import type { RollbackSchema } from './rollbacks/rollback-schemas.js'
import type { RollbackView } from './audit/rollback-store.js'
import type { OutcomesInput } from './sdk-api/sdk-schemas.js'
import type { SegmentSchema } from './segments/segment-schemas.js'
import type { SegmentView } from './segments/segment-store.js'
import type { SdkCanary, SdkChaosRule, SdkFlag, SdkSegment } from './stream/sdk-views.js'

/** Every field any member of a union has (`keyof` a union gives only the fields all members share). */
type AllFields<T> = T extends unknown ? keyof T : never
type SameFields<A, B> = [AllFields<A>] extends [AllFields<B>] ? ([AllFields<B>] extends [AllFields<A>] ? true : 'the second has fields the first lacks') : 'the first has fields the second lacks'
/** Each assignable to the other, with the same fields (an optional field on one side only is drift too). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameFields<A, B> : 'the second is not assignable to the first') : 'the first is not assignable to the second'
/**
 * Every Narrow is a Wide, with the same fields: for pairs where one side is looser on purpose —
 * core reading hand-written bootstrap state, or a schema flattening one of core's unions.
 */
type Fits<Narrow, Wide> = [Narrow] extends [Wide] ? SameFields<Narrow, Wide> : 'the narrow side is not assignable to the wide one'
type Check<T extends true> = T
type Element<T> = NonNullable<T> extends readonly (infer E)[] ? E : never
type Explained = Static<typeof CheckResult>

export type WireTypes = [
  // Flags, as the admin API and the stream carry them (the API adds the environment).
  Check<Same<Static<typeof Constraint>, core.Constraint>>,
  Check<Same<Static<typeof Variant>, core.Variant>>,
  Check<Same<Element<Static<typeof Variant>['overrides']>, core.VariantOverride>>,
  Check<Same<Static<typeof Rule>, core.Rule>>,
  Check<Same<Static<typeof Dependency>, core.Dependency>>,
  Check<Same<Omit<Static<typeof Flag>, 'environment' | 'tags'>, core.Flag>>,
  // The admin API's flag adds its tags, which evaluation never reads.
  Check<Same<Static<typeof Flag>, EnvironmentFlag>>,
  // /check: the schema flattens RuleFailure's union into one object of optional fields.
  Check<Fits<core.Explanation, Omit<Explained, 'key' | 'version'>>>,
  Check<Same<NonNullable<Explained['variant']>, core.VariantResult>>,
  Check<Same<Element<Explained['dependencies']>, core.DependencyExplanation>>,
  Check<Fits<core.RuleExplanation, Element<Explained['rules']>>>,
  Check<Fits<core.RuleFailure, NonNullable<Element<Explained['rules']>['failed']>>>,
  // Segments.
  Check<Same<Static<typeof SegmentSchema>, SegmentView>>,
  Check<Fits<Omit<SegmentView, 'environment'>, core.Segment>>,
  // Chaos rules (reads add the injection count).
  Check<Same<Omit<Static<typeof ChaosRule>, 'injected'>, ChaosRuleView>>,
  Check<Same<Static<typeof ChaosStopOn>, core.ChaosStopOn>>,
  // The schema holds every type's config fields in one object; core has one shape per type.
  Check<Fits<core.ChaosConfig, Static<typeof ChaosConfig>>>,
  Check<Fits<Omit<ChaosRuleView, 'environment'>, core.ChaosRule>>,
  // Canaries, as the stream carries them (core also reads them from bootstrap files).
  Check<Fits<SdkCanary, core.Canary>>,
  // Outcome reports and the chaos injection counts that ride with them.
  Check<Same<OutcomesInput['items'][number], core.OutcomeReport>>,
  Check<Same<NonNullable<OutcomesInput['chaos']>[number], InjectionReport>>,
  // Rollbacks.
  Check<Same<Static<typeof RollbackSchema>, RollbackView>>,
  // What the SDK state and stream carry (stream/sdk-views.ts): the SDKs' Snapshot types hold exactly those fields.
  Check<Same<SdkFlag, core.SdkFlag>>,
  Check<Fits<SdkChaosRule, core.SdkChaosRule>>,
  Check<Fits<SdkSegment, core.SdkSegment>>,
]
