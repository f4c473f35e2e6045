export { createApiClient, type ApiClient, type ApiClientOptions } from './client.js'
export { ApiError, unwrap, type ErrorBody, type ErrorCode } from './api-error.js'
export type { components, operations, paths } from './schema.js'

import type { components } from './schema.js'

type Schemas = components['schemas']
export type FeatureFlag = Schemas['FeatureFlag']
export type FlagCheck = Schemas['FlagCheck']
export type CanaryDeployment = Schemas['CanaryDeployment']
export type CanaryDeploymentDetail = Schemas['CanaryDeploymentDetail']
export type CanarySideMetrics = Schemas['CanarySideMetrics']
export type Rollback = Schemas['Rollback']
export type ChaosRule = Schemas['ChaosRule']
export type ChaosHaltResult = Schemas['ChaosHaltResult']
export type Segment = Schemas['Segment']
export type UnleashImportReport = Schemas['UnleashImportReport']
export type SluiceExport = Schemas['SluiceExport']
export type SluiceImportReport = Schemas['SluiceImportReport']
