export * from './types.js'
export * from './state-types.js'
export { type CompiledFlag, compileFlag, type EvaluationLookups } from './compile-flag.js'
export { type CompiledSegment, compileSegment } from './compile-segment.js'
export { type CompiledConstraint, compileConstraint } from './compile-constraint.js'
export { canarySide, evaluate, explain, isEnabled, variant } from './evaluate.js'
export { fromOpenFeatureContext } from './openfeature-context.js'
export {
  constraintProblems,
  formatProblem,
  isRollout,
  type DefinitionProblem,
  RULES_LIMITS,
  rulesFlagProblems,
  variantProblems,
} from './rules-validation.js'
export { fromUnleash, type ImportedFlag, type UnleashImport, unleashSegmentKey } from './from-unleash.js'
export { compileRegex, regexProblem } from './regex.js'
export { compareWithSemver, isSemver, parseSemver, type PrereleaseIdentifier, type SemVer } from './semver.js'
export { type IpRange, isValidIpEntry, parseIpEntry } from './ip.js'
export { bucketOf, fineBucketOf, ROLLOUT_SEED, VARIANT_SEED, variantTargetOf } from './bucketing.js'
export { murmurhash3_x86_32 } from './murmurhash3.js'
export { InvalidArgumentError } from './errors.js'
export {
  CHAOS_TARGET_METHODS,
  type ChaosTargetMatcher,
  type ChaosTargetMethod,
  chaosTargetProblem,
  compileChaosTarget,
  MAX_CHAOS_TARGET_LENGTH,
  parseChaosTarget,
  type ParsedTarget,
} from './chaos-target.js'
export { type RandomSource, shouldInject } from './chaos-probability.js'
export {
  CHAOS_CONFIG_DEFAULTS,
  CHAOS_CONFIG_LIMITS,
  CHAOS_FAILURE_KINDS,
  type ChaosConfig,
  type ChaosConfigByType,
  type ChaosFailureKind,
  type ConnectionFailureChaosConfig,
  type ErrorChaosConfig,
  type LatencyChaosConfig,
  type RandomFailureChaosConfig,
  resolveChaosConfig,
  type ResolvedChaosConfig,
  type TimeoutChaosConfig,
} from './chaos-config.js'
export { LATENCY_BUCKETS_MS, LATENCY_BUCKET_COUNT, MAX_LATENCY_MS, emptyHistogram, latencyBucketOf } from './latency-histogram.js'
export {
  type LatencySketch,
  type OutcomeReport,
  MAX_ITEM_REQUESTS,
  MAX_OUTCOME_BATCH_ITEMS,
  SKETCH_INDEX_PATTERN,
  SKETCH_RELATIVE_ACCURACY,
  SKETCH_MAX_BUCKETS,
  MIN_SKETCH_LATENCY_MS,
  addToSketch,
  histogramFromSketch,
  isSketchIndex,
  mergeSketch,
  sketchCount,
  sketchFromHistogram,
  sketchIndexOf,
  sketchQuantile,
} from './latency-sketch.js'
