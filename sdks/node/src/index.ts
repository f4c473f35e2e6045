export {
  createClient,
  type ClientEvents,
  type ClientEventName,
  type ClientStats,
  type DisconnectedEvent,
  type ReadyEvent,
  type ReadyOptions,
  type ReconnectedEvent,
  type RequestOutcome,
  type SluiceClient,
} from './client.js'
export type { ChaosOptions } from './chaos-options.js'
export type { ChaosControls } from './chaos-controls.js'
export type { WrapperKind } from './chaos-rules.js'
export type { MethodKeys, WrapOptions } from './chaos-wrappers.js'
export { chaosRuleOf, type ChaosFailure } from './chaos-errors.js'
export { CHAOS_HEADER } from './chaos-http.js'
export type { OutcomeItem } from './outcomes.js'
export type { ClientOptions } from './options.js'
export type { BootstrapState } from './bootstrap.js'
export type { ChangeEvent, StateSource } from './store.js'
export type { Logger } from './logger.js'
export {
  CacheFileError,
  ClientClosedError,
  ConnectionError,
  type ConnectionErrorCode,
  InvalidOptionError,
  InvalidStateError,
  ReadyTimeoutError,
  SluiceError,
} from './errors.js'
export { defaultRequestContext, type ContextFromRequest, type RequestLike } from './request-context.js'
export type { FastifyGuardOptions, FastifyInstanceLike, FastifyReplyLike, FastifyRequestLike, SluiceFastifyPlugin } from './fastify.js'
export type { ExpressOptions, Middleware, NextFunction, RequestFlags, RequireFlagOptions } from './express.js'
export {
  createOfflineClient,
  type ChaosRuleInput,
  type FlagInput,
  type FlagsInput,
  type OfflineClient,
  type OfflineClientOptions,
  type TestingControls,
} from './testing.js'
export type {
  Canary,
  ChaosRule,
  Constraint,
  Dependency,
  Evaluation,
  EvaluationContext,
  Flag,
  Operator,
  Reason,
  Rule,
  SdkChaosRule,
  SdkFlag,
  SdkSegment,
  Segment,
  Snapshot,
  VariantResult,
} from '@sluice/core'
