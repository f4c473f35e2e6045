/**
 * Generated from openapi/openapi.json by openapi-typescript (scripts/render-schema.ts): do not
 * edit. Run `pnpm openapi` at the repository root after changing a route schema.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description The process is up and serving HTTP.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Ready when the database answers and every migration of this build is applied. Redis is reported but never makes the service unready: without it the service degrades (slower fan-out, no shared cache), it does not stop.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List environments */
        get: operations["listEnvironments"];
        put?: never;
        /**
         * Create an environment
         * @description Every existing flag appears in the new environment with the default environment's configuration, disabled, at version 1.
         */
        post: operations["createEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/environments/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Update an environment */
        put: operations["updateEnvironment"];
        post?: never;
        /**
         * Delete an environment
         * @description 409 `SLUICE_ENVIRONMENT_IN_USE` while it holds state: a flag enabled or changed there, a canary, rollback, chaos rule or segment, a token bound to it, or when it is the server's DEFAULT_ENVIRONMENT.
         */
        delete: operations["deleteEnvironment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List feature flags
         * @description `?tag=payments&tag=team:checkout` lists only the flags that have every one of the tags.
         */
        get: operations["listFeatureFlags"];
        put?: never;
        /**
         * Create a feature flag
         * @description Fields must fit the type: `percentage` and `stickiness` belong to percentage flags, `userIds` to user_targeting, `ips` to ip_targeting; `variants` fit every type, and so does `groupId`, which buckets variants as well as rollouts.
         *
         *     The flag is created in every environment: the addressed one (`?environment=`) gets the body, every other one the same configuration disabled, each at version 1.
         */
        post: operations["createFeatureFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a feature flag
         * @description Archived flags are returned too. The ETag is the version; If-None-Match with it answers 304.
         */
        get: operations["getFeatureFlag"];
        /**
         * Update a feature flag
         * @description Send `If-Match: <version>` (the version in this environment) so a concurrent change is a 412 instead of a silent overwrite. Evaluation fields change in the addressed environment only; `name`, `description` and `tags` change in every environment.
         */
        put: operations["updateFeatureFlag"];
        post?: never;
        /**
         * Archive a feature flag
         * @description The flag is archived in every environment: it evaluates off everywhere, stays readable and in history, and its key stays reserved until it is restored. 409 `SLUICE_FLAG_UNDER_CANARY` while an active canary owns the flag: roll the canary back or complete it first. The answer is the flag in the addressed environment.
         */
        delete: operations["archiveFeatureFlag"];
        options?: never;
        head?: never;
        /**
         * Change a feature flag with a JSON Merge Patch
         * @description Content-Type `application/merge-patch+json`. Validated, versioned and audited as the PUT with the same fields. Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite.
         */
        patch: operations["patchFeatureFlag"];
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an archived feature flag
         * @description The flag comes back in every environment, disabled, with its rules as they were when it was archived.
         */
        post: operations["restoreFeatureFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A flag in every environment, side by side
         * @description One entry per environment, in the environments' order, each with its own configuration and version.
         */
        get: operations["getFeatureFlagEnvironments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a flag's configuration from one environment to another
         * @description Everything that decides evaluation (type, enabled, percentage, targeting, rules, variants, dependencies) is copied from `from` onto `to` as a new version of `to`; name, description and tags stay. Send `If-Match: <version of the flag in to>` so a change made in `to` meanwhile is refused. Audited; one change event.
         */
        post: operations["promoteFeatureFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Evaluate a flag for a context
         * @description The same engine the SDKs run. An unknown flag is off with reason `not_found`, never an error.
         *
         *     The flag is evaluated as it is configured in `?environment=` (default DEFAULT_ENVIRONMENT; an sdk token's own environment), and that environment is the context's `environment` attribute unless `contextEnvironment` names another (an application's own environment names, as Unleash contexts carry them).
         *
         *     The context is the query: `userId`, `sessionId`, `ip`, `appName`, `currentTime`, and every other attribute as `attr.<name>=<value>` (e.g. `?userId=u1&attr.plan=pro`).
         *
         *     For a `rules` flag the answer explains itself: `ruleId` names the rule that decided; `rules` lists, for each rule tried, whether it matched and otherwise the first constraint, segment or rollout that failed; `dependencies` says which parent flags held.
         */
        get: operations["checkFeatureFlag"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feature-flags/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a flag
         * @description Newest first; each entry holds the whole flag as it was at that version.
         */
        get: operations["getFeatureFlagHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List segments */
        get: operations["listSegments"];
        put?: never;
        /**
         * Create a segment
         * @description A named list of constraints that rules of `rules` flags reuse by key. Constraint values are checked as they are for flags (400 naming the field).
         */
        post: operations["createSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/segments/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a segment */
        get: operations["getSegment"];
        /**
         * Update a segment
         * @description Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite. The change reaches SDKs on the stream as `segment.upserted`.
         */
        put: operations["updateSegment"];
        post?: never;
        /**
         * Delete a segment
         * @description 409 `SLUICE_SEGMENT_IN_USE` while a flag that is not archived names it; the message lists those flags.
         */
        delete: operations["deleteSegment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/import/unleash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import flags and segments from Unleash
         * @description Creates or updates the equivalent flags (`rules` flags) and segments in one transaction, and reports per feature and per segment what it did. A feature that cannot be expressed exactly is refused by name, never silently changed; the others are still imported.
         *
         *     Flags keep their Unleash names as keys (a name that cannot be a key is refused); segments are keyed `unleash-segment-<id>`. A flag that already exists is replaced by the imported definition; rule ids are the strategy ids, so a second import of the same export changes nothing. `?dryRun=true` changes nothing and reports what an import would do. The body may be up to 16 MiB.
         */
        post: operations["importFromUnleash"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List canary deployments */
        get: operations["listCanaryDeployments"];
        put?: never;
        /**
         * Start a canary deployment
         * @description Sets the percentage flag to the initial percentage (and enables it) in the same transaction. For a `rules` flag, `ruleId` names the rule whose rollout the canary drives; 400 when the flag has no such rule or is not a rules flag.
         */
        post: operations["startCanaryDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A canary with live metrics
         * @description The flag's active canary, or its most recent one, with both sides' metrics and the current verdict.
         */
        get: operations["getCanaryDeployment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every step and decision of a canary */
        get: operations["getCanaryDeploymentHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/increase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Raise the canary percentage */
        put: operations["increaseCanaryDeployment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll the canary back to 0% */
        post: operations["rollbackCanaryDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete the canary at 100% */
        post: operations["completeCanaryDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause automatic promotion
         * @description Automatic rollback stays armed while paused.
         */
        post: operations["pauseCanaryDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/canary-deployments/{key}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume automatic promotion */
        post: operations["resumeCanaryDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rollbacks, newest first */
        get: operations["listRollbacks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks/feature-flag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a flag now
         * @description The flag is disabled everywhere within milliseconds; an active canary on it ends as rolled back.
         */
        post: operations["rollbackFeatureFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks/canary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Drop a flag's canary to 0% now */
        post: operations["rollbackCanary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks/flag-version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a flag to an earlier version
         * @description The flag gets the rules it had at that version, as a new version.
         */
        post: operations["rollbackFlagVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List deployments, newest first */
        get: operations["listDeployments"];
        put?: never;
        /**
         * Record a deployment (from CI)
         * @description A canary on `canaryFlag` already running this version, or started with it later, is linked to the deployment. The environment is the body's `environment`, else `?environment=`, else DEFAULT_ENVIRONMENT.
         */
        post: operations["recordDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment with its rollbacks and their phases */
        get: operations["getDeployment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployments/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The deployer's acknowledgement of a rollback
         * @description Needs a `deployer` (or admin) token. The same acknowledgement sent again changes nothing and answers 200.
         */
        post: operations["reportDeploymentStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks/deployment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll a deployment back: its flags now, then its code through the service's deployer
         * @description In one transaction the deployment's canary flag is turned off (its canary ends at 0%) and the request to the service's deployer is queued; the deployer is asked (signed, retried with backoff, x-sluice-delivery as idempotency key) and answers at POST /admin/deployments/{id}/status. The deployer redeploys previousVersion.
         */
        post: operations["rollbackDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/rollbacks/database-migration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a deployment's database migrations: its flags now, then the migrations through the service's deployer
         * @description In one transaction the deployment's canary flag is turned off (its canary ends at 0%) and the request to the service's deployer is queued; the deployer is asked (signed, retried with backoff, x-sluice-delivery as idempotency key) and answers at POST /admin/deployments/{id}/status. The deployer reverts the named migrations.
         */
        post: operations["rollbackDatabaseMigration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployers/{service}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a service's deployer (webhook URL and secret) */
        put: operations["configureDeployer"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List deployers (without their secrets) */
        get: operations["listDeployers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/deployers/{service}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a signed test request (`deployer.test`) to a deployer now */
        post: operations["testDeployer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/chaos-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List chaos rules */
        get: operations["listChaosRules"];
        put?: never;
        /**
         * Create a chaos rule
         * @description Answers 403 `SLUICE_CHAOS_FORBIDDEN` unless the service runs with CHAOS_TESTING_ENABLED=true and NODE_ENV other than production, and never in an environment marked production (the message names it). Rules are disabled unless `enabled` is true.
         */
        post: operations["createChaosRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/chaos-rules/halt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Halt all chaos now
         * @description Disables every enabled rule in one transaction; each SDK receives one `chaos.upserted` per rule. Operators may call it, and it works whatever the environment allows. The body is optional.
         */
        post: operations["haltChaosRules"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/chaos-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a chaos rule
         * @description The ETag is the version; If-None-Match with it answers 304.
         */
        get: operations["getChaosRule"];
        /**
         * Update a chaos rule
         * @description A change that leaves the rule enabled (enabling it, or editing an enabled rule) needs chaos to be allowed: Answers 403 `SLUICE_CHAOS_FORBIDDEN` unless the service runs with CHAOS_TESTING_ENABLED=true and NODE_ENV other than production, and never in an environment marked production (the message names it). Disabling always works. Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite.
         */
        put: operations["updateChaosRule"];
        post?: never;
        /**
         * Delete a chaos rule
         * @description SDKs drop the rule at once (`chaos.deleted` on the stream); the audit log keeps what it was.
         */
        delete: operations["deleteChaosRule"];
        options?: never;
        head?: never;
        /**
         * Change a chaos rule with a JSON Merge Patch
         * @description Content-Type `application/merge-patch+json`. Validated, versioned and audited as the PUT with the merged fields, so a change that leaves the rule enabled needs chaos to be allowed. Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite.
         */
        patch: operations["patchChaosRule"];
        trace?: never;
    };
    "/api/v1/admin/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export an environment's flags, segments and chaos rules
         * @description One JSON document with every flag (its configuration in this environment), segment and chaos rule, each with its version. `POST /admin/import` applies it to any environment of any installation; it is also the backup path for the embedded database.
         */
        get: operations["exportEnvironment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import an export document into an environment
         * @description Applies the document in ONE transaction: segments first, then flags (parents before children), then chaos rules; each is created when missing, replaced when it differs and left alone when equal. An item the flag, segment or chaos rules refuse (e.g. an enabled chaos rule into a production environment) is reported by name with its reason and the others are still imported.
         *
         *     Conflicts: with `onConflict: 'fail'` every item carrying a `version` is compared with the target's current version; if any target moved past it, nothing is imported and the answer is 412 naming those items. `?dryRun=true` changes nothing and reports what an import would do.
         */
        post: operations["importEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream every change (Server-Sent Events)
         * @description Answers `text/event-stream`. First a `retry:` hint, then `event: snapshot` (`id:` its seq, `data:` a Snapshot), then one event per change in seq order: `flag.upserted`, `flag.archived`, `canary.upserted`, `chaos.upserted`, `chaos.deleted`, `segment.upserted`, `segment.deleted` (`data: { seq, key }`) (the list may grow; ignore unknown names), each with `id: <seq>` and `data: { seq, ...the whole object }`.
         *
         *     One environment per stream: an sdk token's own (a token is bound to one environment), or `?environment=` for an admin token (absent = DEFAULT_ENVIRONMENT). A change in another environment is never sent; its seq is simply skipped, so seqs on a stream have gaps and a Last-Event-ID resume stays exact.
         *
         *     Event data are SDK views (SdkFlag, SdkCanary, SdkChaosRule, SdkSegment): only what evaluation and outcome reporting need.
         *
         *     A `: ping` comment comes at least every 15 s. Send `Last-Event-ID: <seq>` to resume: the events after it are replayed, or a fresh snapshot is sent when they are no longer retained. A Last-Event-ID this replica has not reached yet waits up to 2 s for it, so a resumed stream never goes back in time.
         *
         *     Open streams are limited per token and per replica (STREAM_MAX_PER_TOKEN, STREAM_MAX_PER_REPLICA); beyond either, 429 with Retry-After and a message naming the limit.
         */
        get: operations["streamChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The whole state as JSON
         * @description One environment's state (an sdk token's own; `?environment=` for an admin token). The same snapshot the stream starts with, for cold starts and pollers, served from the replica's memory (no database read). The ETag is the seq; If-None-Match answers 304.
         *
         *     Read-after-write: a replica serves the state its change feed has reached, which may trail the newest write by milliseconds. A client that has seen seq N sends `minSeq=N` (or an If-None-Match naming N) and the request waits up to 2 s for this replica to reach N; if it cannot, 503 with Retry-After (another replica may have it), never an older state.
         */
        get: operations["getSdkState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sdk/outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report canary request outcomes
         * @description SDKs aggregate outcomes per flag and side and flush them about once a second. Counts are added atomically; outcomes for flags without an active canary are ignored. With an `Idempotency-Key`, a batch sent again after its answer was lost is counted once (keys are kept 24 hours).
         */
        post: operations["reportOutcomes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Client change notifications (Server-Sent Events)
         * @description Answers `text/event-stream` for the token's environment: a `retry:` hint, then one event with the current seq, then one per change to the environment, each `id: <seq>` and `data: {"type":"refetchEvaluation","seq":N}` (OFREP's change notification). Never rules or answers: on an event, re-fetch POST /ofrep/v1/evaluate/flags with your ETag (it answers 304 when your flags did not change).
         *
         *     A `: ping` comment comes at least every 15 s. Client streams count against STREAM_MAX_PER_REPLICA with the SDK streams; beyond it, 429 with Retry-After.
         */
        get: operations["streamClientChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client/outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report canary outcomes from browsers
         * @description The same items as POST /api/v1/sdk/outcomes, counted against the canaries of the token's environment: a page reports, per flag and side, how many views or actions it saw and how many failed (JS errors, failed API calls). Also takes `Content-Type: text/plain` with a JSON body and the token in `?clientKey=`, which is what navigator.sendBeacon can send when a page is hidden.
         */
        post: operations["reportClientOutcomes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens */
        get: operations["listApiTokens"];
        put?: never;
        /**
         * Create an API token
         * @description Creates a token with a role and returns it once. Only its hash is stored. An sdk or client token is bound to one environment (`environment`, default DEFAULT_ENVIRONMENT); an admin/operator/viewer token may be limited to `environments` (absent = every environment) and then gets 403 SLUICE_ENVIRONMENT_FORBIDDEN naming any other environment it addresses. A token is never wider than the token creating it.
         */
        post: operations["createApiToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calling token
         * @description The name, role and environment scope of the bearer token, so a client (the console) shows only what the token allows.
         */
        get: operations["whoAmI"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API token
         * @description The token stops working at once on every replica. The last active admin token cannot be revoked.
         */
        delete: operations["revokeApiToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the audit log
         * @description Every mutation, newest first, with who made it, what changed and the request id.
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ofrep/v1/evaluate/flags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OFREP: evaluate one flag
         * @description OpenFeature Remote Evaluation Protocol, single evaluation: the answer for one flag and one context, computed by @sluice/core from this replica's memory. A client or sdk token evaluates in its own environment; an admin token in `?environment=` (default DEFAULT_ENVIRONMENT). Unknown flags answer 404 FLAG_NOT_FOUND; a flag that needs an identity the context lacks 400 TARGETING_KEY_MISSING; a body that is not JSON 400 PARSE_ERROR; a context that is not an object 400 INVALID_CONTEXT.
         */
        post: operations["ofrepEvaluateFlag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ofrep/v1/evaluate/flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OFREP: evaluate every flag
         * @description OpenFeature Remote Evaluation Protocol, bulk evaluation: every flag of the environment (archived ones left out) for one context, what a browser or app caches. The ETag names the environment's state and the context: send it back in If-None-Match and the answer is 304 until either changes. GET /api/v1/client/stream says when to ask again.
         */
        post: operations["ofrepEvaluateFlags"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Error
         * @description Every error, in Fastify's shape.
         */
        Error: {
            /** @example 400 */
            statusCode: number;
            /**
             * @description The HTTP reason phrase
             * @example Bad Request
             */
            error: string;
            /**
             * @description A stable machine-readable code: switch on it, not on the message
             * @enum {string}
             */
            code: "SLUICE_BAD_REQUEST" | "SLUICE_VALIDATION" | "SLUICE_OUT_OF_RANGE" | "SLUICE_INVALID_FLAG" | "SLUICE_INVALID_CHAOS_RULE" | "SLUICE_INVALID_SEGMENT" | "SLUICE_NOT_EARLIER" | "SLUICE_UNAUTHORIZED" | "SLUICE_FORBIDDEN" | "SLUICE_CHAOS_FORBIDDEN" | "SLUICE_NOT_FOUND" | "SLUICE_ROUTE_NOT_FOUND" | "SLUICE_FLAG_NOT_FOUND" | "SLUICE_FLAG_VERSION_NOT_FOUND" | "SLUICE_CANARY_NOT_FOUND" | "SLUICE_CHAOS_RULE_NOT_FOUND" | "SLUICE_TOKEN_NOT_FOUND" | "SLUICE_SEGMENT_NOT_FOUND" | "SLUICE_CONFLICT" | "SLUICE_FLAG_EXISTS" | "SLUICE_SEGMENT_EXISTS" | "SLUICE_SEGMENT_IN_USE" | "SLUICE_FLAG_ARCHIVED" | "SLUICE_FLAG_NOT_ARCHIVED" | "SLUICE_FLAG_NOT_PERCENTAGE" | "SLUICE_FLAG_UNDER_CANARY" | "SLUICE_CANARY_ACTIVE" | "SLUICE_CANARY_NOT_ACTIVE" | "SLUICE_CANARY_STATE" | "SLUICE_LAST_ADMIN" | "SLUICE_VERSION_CONFLICT" | "SLUICE_BODY_TOO_LARGE" | "SLUICE_UNSUPPORTED_MEDIA_TYPE" | "SLUICE_TOO_MANY_STREAMS" | "SLUICE_TOO_MANY_REQUESTS" | "SLUICE_INTERNAL" | "SLUICE_UNAVAILABLE" | "SLUICE_DATABASE_UNAVAILABLE" | "SLUICE_AUTH_UNAVAILABLE" | "SLUICE_REPLICA_BEHIND" | "SLUICE_WRITE_DEADLINE" | "SLUICE_WRITE_OUTCOME_UNKNOWN" | "SLUICE_ENVIRONMENT_EXISTS" | "SLUICE_ENVIRONMENT_FORBIDDEN" | "SLUICE_ENVIRONMENT_IN_USE" | "SLUICE_ENVIRONMENT_NOT_FOUND" | "SLUICE_TOKEN_SCOPE_INVALID" | "SLUICE_DEPLOYMENT_NOT_FOUND" | "SLUICE_DEPLOYER_NOT_FOUND" | "SLUICE_DEPLOYMENT_ROLLBACK_PENDING" | "SLUICE_DEPLOYMENT_ROLLED_BACK" | "SLUICE_NO_PREVIOUS_VERSION" | "SLUICE_NO_ROLLBACK_PENDING";
            /**
             * @description What was wrong, naming the field or the entity
             * @example rules[2].constraints[0].value: not a semantic version
             */
            message: string;
        };
        /**
         * Readiness
         * @example {
         *       "status": "ready",
         *       "database": "ok",
         *       "migrations": "ok",
         *       "pendingMigrations": [],
         *       "redis": "ok"
         *     }
         */
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            /** @enum {string} */
            database: "ok" | "error" | "degraded" | "disabled";
            /** @enum {string} */
            migrations: "ok" | "pending" | "error";
            pendingMigrations: string[];
            /** @enum {string} */
            redis: "ok" | "error" | "degraded" | "disabled";
        };
        /**
         * ApiToken
         * @description An API token; the secret itself is never returned after creation
         * @example {
         *       "id": "5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93",
         *       "name": "checkout-service",
         *       "role": "sdk",
         *       "environment": "production",
         *       "environments": null,
         *       "source": "api",
         *       "createdBy": "admin (ADMIN_TOKEN)",
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "revokedAt": null
         *     }
         */
        ApiToken: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check, OFREP; client: OFREP evaluation, the client stream and outcomes only (safe to ship in a web page); deployer: report the outcome of a deployment rollback (POST /admin/deployments/{id}/status), nothing else
             * @enum {string}
             */
            role: "admin" | "operator" | "viewer" | "sdk" | "client" | "deployer";
            /** @description The one environment an sdk or client token sees; null for the other roles */
            environment: string | null;
            /** @description The environments an admin/operator/viewer token may touch; null = every environment */
            environments: string[] | null;
            /**
             * @description api: created through this API; env: seeded from ADMIN_TOKEN; generated: created at first start
             * @enum {string}
             */
            source: "api" | "env" | "generated";
            createdBy: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            revokedAt: string | null;
        };
        /**
         * CreatedApiToken
         * @example {
         *       "id": "5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93",
         *       "name": "checkout-service",
         *       "role": "sdk",
         *       "environment": "production",
         *       "environments": null,
         *       "source": "api",
         *       "createdBy": "admin (ADMIN_TOKEN)",
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "revokedAt": null,
         *       "token": "sluice_sdk_Qm9vZ2xlIGRvZXMgbm90IGtub3cgdGhpcyB0b2tlbg"
         *     }
         */
        CreatedApiToken: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check, OFREP; client: OFREP evaluation, the client stream and outcomes only (safe to ship in a web page); deployer: report the outcome of a deployment rollback (POST /admin/deployments/{id}/status), nothing else
             * @enum {string}
             */
            role: "admin" | "operator" | "viewer" | "sdk" | "client" | "deployer";
            /** @description The one environment an sdk or client token sees; null for the other roles */
            environment: string | null;
            /** @description The environments an admin/operator/viewer token may touch; null = every environment */
            environments: string[] | null;
            /**
             * @description api: created through this API; env: seeded from ADMIN_TOKEN; generated: created at first start
             * @enum {string}
             */
            source: "api" | "env" | "generated";
            createdBy: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            revokedAt: string | null;
            /** @description The bearer token. Shown this once; store it now. */
            token: string;
        };
        /**
         * WhoAmI
         * @description The token that made the request, with the environments it may touch
         * @example {
         *       "name": "admin (ADMIN_TOKEN)",
         *       "role": "admin",
         *       "environment": null,
         *       "environments": null,
         *       "defaultEnvironment": "production"
         *     }
         * @example {
         *       "name": "staging-oncall",
         *       "role": "operator",
         *       "environment": null,
         *       "environments": [
         *         "development",
         *         "staging"
         *       ],
         *       "defaultEnvironment": "production"
         *     }
         */
        WhoAmI: {
            name: string;
            /**
             * @description admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check, OFREP; client: OFREP evaluation, the client stream and outcomes only (safe to ship in a web page); deployer: report the outcome of a deployment rollback (POST /admin/deployments/{id}/status), nothing else
             * @enum {string}
             */
            role: "admin" | "operator" | "viewer" | "sdk" | "client" | "deployer";
            /** @description The one environment an sdk or client token sees; null for the other roles */
            environment: string | null;
            /** @description The environments an admin/operator/viewer token may touch; null = every environment */
            environments: string[] | null;
            /**
             * @description The server's DEFAULT_ENVIRONMENT: what a route without `?environment=` addresses
             * @example staging
             */
            defaultEnvironment: string;
        };
        /**
         * AuditEntry
         * @example {
         *       "id": 1842,
         *       "at": "2026-11-25T14:31:07.412Z",
         *       "actor": "oncall-alice",
         *       "actorTokenId": "9b2e4c1a-7f3d-4e8b-a6c5-0d1f2e3a4b5c",
         *       "action": "flag.updated",
         *       "entityType": "feature_flag",
         *       "entityKey": "new_payment_flow",
         *       "environment": "production",
         *       "before": {
         *         "key": "new_payment_flow",
         *         "enabled": true,
         *         "percentage": 25,
         *         "version": 4
         *       },
         *       "after": {
         *         "key": "new_payment_flow",
         *         "enabled": true,
         *         "percentage": 50,
         *         "version": 5
         *       },
         *       "requestId": "2c8e6f0a-1b3d-4f5e-8a7c-9d0e1f2a3b4c"
         *     }
         */
        AuditEntry: {
            /** @description Increasing; pass the last one as `before` for the next page */
            id: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            /** @description The token name, or `system` for automatic actions */
            actor: string;
            actorTokenId: string | null;
            /** @example flag.updated */
            action: string;
            /** @example feature_flag */
            entityType: string;
            /** @example new_payment_flow */
            entityKey: string;
            /** @description The environment the entity belongs to; null for global entities (tokens, environments) */
            environment: string | null;
            /** @description The entity before the change (null on creation) */
            before: unknown;
            /** @description The entity after the change */
            after: unknown;
            /** @description The x-request-id of the request that made the change */
            requestId: string | null;
        };
        /**
         * Environment
         * @example {
         *       "key": "staging",
         *       "name": "Staging",
         *       "production": false,
         *       "sortOrder": 20,
         *       "createdAt": "2026-11-20T09:00:00.000Z"
         *     }
         */
        Environment: {
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            key: string;
            name: string;
            production: boolean;
            sortOrder: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        /**
         * Constraint
         * @description A missing attribute fails every operator but NOT_IN; an unparseable value makes the constraint false.
         * @example {
         *       "attribute": "plan",
         *       "operator": "IN",
         *       "values": [
         *         "pro",
         *         "enterprise"
         *       ]
         *     }
         */
        Constraint: {
            /**
             * @description `userId`, `sessionId`, `ip` (or `remoteAddress`), `appName`, `environment`, `currentTime`, or any other name, read from the context's attributes
             * @example plan
             */
            attribute: string;
            /**
             * @description How the attribute is compared (Unleash's constraint operators)
             * @enum {string}
             */
            operator: "IN" | "NOT_IN" | "STR_CONTAINS" | "STR_STARTS_WITH" | "STR_ENDS_WITH" | "NUM_EQ" | "NUM_GT" | "NUM_GTE" | "NUM_LT" | "NUM_LTE" | "DATE_AFTER" | "DATE_BEFORE" | "SEMVER_EQ" | "SEMVER_GT" | "SEMVER_GTE" | "SEMVER_LT" | "SEMVER_LTE" | "REGEX" | "IN_CIDR";
            /** @description For IN, NOT_IN, the STR_* operators and IN_CIDR: any of them */
            values?: string[];
            /** @description For NUM_*, DATE_*, SEMVER_* and REGEX: the one value compared against */
            value?: string;
            /** @description Negates the result */
            inverted?: boolean;
            /** @description For the string operators, IN, NOT_IN and REGEX */
            caseInsensitive?: boolean;
        };
        /** Variant */
        Variant: {
            /** @example blue */
            key: string;
            /**
             * @description A positive integer; the share is weight / sum of weights
             * @example 50
             */
            weight: number;
            /** @description Any JSON value the application receives with the variant */
            payload?: unknown;
            /** @description Users who always get this variant (when the flag is on for them) */
            overrides?: {
                /** @description Exact user ids; no duplicates */
                userIds: string[];
            }[];
            /** @description What variants stick to (`default`, `userId`, `sessionId`, `ip` or an attribute); the first variant's applies to the set */
            stickiness?: string;
        };
        /**
         * Rule
         * @example {
         *       "id": "pro-eu",
         *       "name": "Pro users in the EU",
         *       "constraints": [
         *         {
         *           "attribute": "plan",
         *           "operator": "IN",
         *           "values": [
         *             "pro"
         *           ]
         *         },
         *         {
         *           "attribute": "appVersion",
         *           "operator": "SEMVER_GTE",
         *           "value": "2.4.0"
         *         }
         *       ],
         *       "segments": [
         *         "eu-countries"
         *       ],
         *       "rollout": 5
         *     }
         */
        Rule: {
            /** @description Stable across edits; canaries and /check name rules by it */
            id: string;
            name?: string;
            /** @description All must hold */
            constraints?: components["schemas"]["Constraint"][];
            /** @description Segment keys; every segment's constraints must hold */
            segments?: string[];
            /** @description Share of the contexts that match, 0–100 with at most two decimals; default 100 */
            rollout?: number;
            /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
            stickiness?: string;
            /** @description Hash namespace for the rollout and the rule's variants; default the flag key (empty is a namespace of its own, as Unleash's gradual rollouts use) */
            groupId?: string;
            /** @description When this rule decides, these replace the flag's variants */
            variants?: components["schemas"]["Variant"][];
        };
        /**
         * Dependency
         * @example {
         *       "flag": "new_checkout",
         *       "enabled": true
         *     }
         */
        Dependency: {
            /** @description The parent flag; it may not have dependencies of its own */
            flag: string;
            /** @description Default true: the parent must be on (false: off) for the same context */
            enabled?: boolean;
            /** @description With enabled true: the parent's variant must be one of these */
            variants?: string[];
        };
        /**
         * FeatureFlag
         * @example {
         *       "environment": "production",
         *       "key": "new_payment_flow",
         *       "name": "New payment flow",
         *       "description": "Card payments through the v2 processor",
         *       "tags": [
         *         "payments",
         *         "team:checkout"
         *       ],
         *       "type": "percentage",
         *       "enabled": true,
         *       "percentage": 25,
         *       "archived": false,
         *       "version": 4,
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "updatedAt": "2026-11-25T14:30:00.000Z"
         *     }
         */
        FeatureFlag: {
            /**
             * @description The environment this configuration, version and history belong to; key, name, description, tags and archived are shared by all
             * @example staging
             */
            environment: string;
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            key: string;
            name: string;
            description?: string;
            /**
             * @description Labels to find flags by (`?tag=`); shared by every environment; stored sorted, without duplicates
             * @example [
             *       "payments",
             *       "team:checkout"
             *     ]
             */
            tags: string[];
            /**
             * @description boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type
             * @enum {string}
             */
            type: "boolean" | "percentage" | "user_targeting" | "ip_targeting" | "rules";
            enabled: boolean;
            /**
             * @description 0–100 with at most two decimals (0.01% steps)
             * @example 25
             */
            percentage?: number;
            /** @description Hash namespace; flags sharing a groupId roll out to the same contexts. Defaults to the key. */
            groupId?: string;
            /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
            stickiness?: string;
            /** @description Exact user ids; no duplicates */
            userIds?: string[];
            /**
             * @description IPv4 or IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`); IPv4-mapped IPv6 addresses match IPv4 entries
             * @example [
             *       "203.0.113.7",
             *       "10.0.0.0/8",
             *       "2001:db8::/32"
             *     ]
             */
            ips?: string[];
            /** @description A/B variants for contexts the flag is on for, assigned by weight, sticky per user */
            variants?: components["schemas"]["Variant"][];
            /** @description `rules` flags: evaluated in order; the first that matches decides the variant */
            rules?: components["schemas"]["Rule"][];
            /** @description All must hold, checked before the rules */
            dependencies?: components["schemas"]["Dependency"][];
            /** @description Archived flags evaluate off and keep their history; restore to use the key again */
            archived: boolean;
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * FlagCheck
         * @example {
         *       "key": "new_payment_flow",
         *       "enabled": true,
         *       "reason": "rollout",
         *       "version": 4
         *     }
         * @example {
         *       "key": "checkout_v2",
         *       "enabled": false,
         *       "reason": "no_rule_matched",
         *       "version": 7,
         *       "rules": [
         *         {
         *           "id": "pro-eu",
         *           "matched": false,
         *           "failed": {
         *             "kind": "constraint",
         *             "index": 1,
         *             "attribute": "country",
         *             "operator": "IN"
         *           }
         *         },
         *         {
         *           "id": "staff",
         *           "matched": false,
         *           "failed": {
         *             "kind": "segment",
         *             "segment": "staff",
         *             "found": true,
         *             "index": 0,
         *             "attribute": "email",
         *             "operator": "STR_ENDS_WITH"
         *           }
         *         }
         *       ]
         *     }
         */
        FlagCheck: {
            key: string;
            enabled: boolean;
            variant?: {
                key: string;
                payload?: unknown;
            };
            /**
             * @description Why the flag is on or off for this context
             * @enum {string}
             */
            reason: "not_found" | "archived" | "disabled" | "default" | "rollout" | "out_of_rollout" | "missing_stickiness" | "targeted" | "not_targeted" | "error" | "rule_match" | "no_rule_matched" | "dependency_failed";
            /** @description The flag version evaluated */
            version?: number;
            /** @description `rules` flags: the rule that decided */
            ruleId?: string;
            /** @description `rules` flags: whether each dependency held, in order, up to the first that did not */
            dependencies?: {
                flag: string;
                held: boolean;
            }[];
            /** @description `rules` flags: each rule tried, in order, up to the one that decided */
            rules?: {
                id: string;
                name?: string;
                matched: boolean;
                /** @description The first thing that did not hold: a constraint of the rule, a segment (and which of its constraints), or the rollout */
                failed?: {
                    /** @enum {string} */
                    kind: "constraint" | "segment" | "rollout";
                    /** @description The constraint, in the rule or in the segment */
                    index?: number;
                    segment?: string;
                    /** @description segment: false when the service holds no segment by that key (then no constraint is named) */
                    found?: boolean;
                    attribute?: string;
                    operator?: string;
                    rollout?: number;
                };
            }[];
        };
        /**
         * FlagVersion
         * @example {
         *       "version": 4,
         *       "action": "flag.updated",
         *       "flag": {
         *         "environment": "production",
         *         "key": "new_payment_flow",
         *         "name": "New payment flow",
         *         "description": "Card payments through the v2 processor",
         *         "tags": [
         *           "payments",
         *           "team:checkout"
         *         ],
         *         "type": "percentage",
         *         "enabled": true,
         *         "percentage": 25,
         *         "archived": false,
         *         "version": 4,
         *         "createdAt": "2026-11-20T09:00:00.000Z",
         *         "updatedAt": "2026-11-25T14:30:00.000Z"
         *       },
         *       "actor": "release-bot",
         *       "at": "2026-11-25T14:30:00.000Z"
         *     }
         */
        FlagVersion: {
            version: number;
            /** @example flag.updated */
            action: string;
            flag: components["schemas"]["FeatureFlag"];
            actor: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
        };
        /**
         * Segment
         * @example {
         *       "key": "eu-countries",
         *       "environment": "production",
         *       "name": "EU countries",
         *       "constraints": [
         *         {
         *           "attribute": "country",
         *           "operator": "IN",
         *           "values": [
         *             "DE",
         *             "FR",
         *             "NL"
         *           ]
         *         }
         *       ],
         *       "version": 2,
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "updatedAt": "2026-11-25T14:30:00.000Z"
         *     }
         */
        Segment: {
            /**
             * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
             * @example eu-countries
             */
            key: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            name: string;
            description?: string;
            /** @description All must hold */
            constraints: components["schemas"]["Constraint"][];
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * UnleashImportReport
         * @example {
         *       "dryRun": false,
         *       "features": [
         *         {
         *           "key": "checkout.v2",
         *           "action": "created",
         *           "version": 1
         *         },
         *         {
         *           "key": "legacy-banner",
         *           "action": "refused",
         *           "reason": "strategy 0 (applicationHostname): custom strategy \"applicationHostname\" has no Sluice equivalent"
         *         }
         *       ],
         *       "segments": [
         *         {
         *           "key": "unleash-segment-1",
         *           "action": "created",
         *           "version": 1
         *         }
         *       ],
         *       "summary": {
         *         "features": {
         *           "created": 1,
         *           "updated": 0,
         *           "unchanged": 0,
         *           "refused": 1
         *         },
         *         "segments": {
         *           "created": 1,
         *           "updated": 0,
         *           "unchanged": 0,
         *           "refused": 0
         *         }
         *       }
         *     }
         */
        UnleashImportReport: {
            /** @description true: nothing was changed; the report says what an import would do */
            dryRun: boolean;
            features: {
                /** @description The feature name or segment key */
                key: string;
                /**
                 * @description refused: nothing was written for it, and `reason` says why
                 * @enum {string}
                 */
                action: "created" | "updated" | "unchanged" | "refused";
                /** @example strategy 0 (applicationHostname): custom strategy "applicationHostname" has no Sluice equivalent */
                reason?: string;
                /** @description The flag or segment version after the import */
                version?: number;
            }[];
            segments: {
                /** @description The feature name or segment key */
                key: string;
                /**
                 * @description refused: nothing was written for it, and `reason` says why
                 * @enum {string}
                 */
                action: "created" | "updated" | "unchanged" | "refused";
                /** @example strategy 0 (applicationHostname): custom strategy "applicationHostname" has no Sluice equivalent */
                reason?: string;
                /** @description The flag or segment version after the import */
                version?: number;
            }[];
            summary: {
                features: {
                    created: number;
                    updated: number;
                    unchanged: number;
                    refused: number;
                };
                segments: {
                    created: number;
                    updated: number;
                    unchanged: number;
                    refused: number;
                };
            };
        };
        /** CanarySideMetrics */
        CanarySideMetrics: {
            requests: number;
            errors: number;
            /** @description Percent */
            errorRate: number;
            avgLatencyMs: number | null;
            p95LatencyMs: number | null;
            p99LatencyMs: number | null;
        };
        /**
         * CanaryDeployment
         * @example {
         *       "id": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *       "environment": "production",
         *       "featureKey": "new_payment_flow",
         *       "version": "v2",
         *       "status": "running",
         *       "percentage": 10,
         *       "initialPercentage": 5,
         *       "rollbackThreshold": 5,
         *       "minSampleSize": 100,
         *       "steps": [
         *         5,
         *         10,
         *         25,
         *         50,
         *         100
         *       ],
         *       "currentStep": 1,
         *       "analysis": {
         *         "alpha": 0.01,
         *         "minSamplePerSide": 50,
         *         "latencyGuard": {
         *           "maxIncreasePercent": 50,
         *           "minIncreaseMs": 20
         *         },
         *         "holdSeconds": 300
         *       },
         *       "webhookUrl": null,
         *       "startedAt": "2026-11-25T14:00:00.000Z",
         *       "stepStartedAt": "2026-11-25T14:05:00.000Z",
         *       "updatedAt": "2026-11-25T14:05:00.000Z",
         *       "endedAt": null
         *     }
         */
        CanaryDeployment: {
            /** Format: uuid */
            id: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            featureKey: string;
            /** @description The release under test (a build, tag or commit) */
            version: string;
            /** @enum {string} */
            status: "running" | "paused" | "rolled_back" | "completed";
            percentage: number;
            initialPercentage: number;
            /** @description Percent: the error rate that rolls the canary back once it has minSampleSize requests */
            rollbackThreshold: number;
            minSampleSize: number;
            /** @description Automatic ramp; empty when the canary is ramped by hand */
            steps: number[];
            /** @description Index into steps, or null without steps */
            currentStep: number | null;
            analysis: {
                /** @description Bound on false alarms of the canary-vs-baseline sequential test */
                alpha: number;
                /** @description Requests each side needs before comparisons count */
                minSamplePerSide: number;
                latencyGuard: {
                    /**
                     * @description How much slower (p95, percent) the canary may be than baseline
                     * @example 50
                     */
                    maxIncreasePercent: number;
                    /**
                     * @description Differences below this many ms never count
                     * @example 20
                     */
                    minIncreaseMs: number;
                } | null;
                /** @description Minimum time at each automatic step before promotion */
                holdSeconds: number;
            };
            webhookUrl: string | null;
            /** @description The rule of a `rules` flag whose rollout this canary drives */
            ruleId?: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            startedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            stepStartedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            endedAt: string | null;
        };
        /**
         * CanaryDeploymentDetail
         * @example {
         *       "id": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *       "environment": "production",
         *       "featureKey": "new_payment_flow",
         *       "version": "v2",
         *       "status": "running",
         *       "percentage": 10,
         *       "initialPercentage": 5,
         *       "rollbackThreshold": 5,
         *       "minSampleSize": 100,
         *       "steps": [
         *         5,
         *         10,
         *         25,
         *         50,
         *         100
         *       ],
         *       "currentStep": 1,
         *       "analysis": {
         *         "alpha": 0.01,
         *         "minSamplePerSide": 50,
         *         "latencyGuard": {
         *           "maxIncreasePercent": 50,
         *           "minIncreaseMs": 20
         *         },
         *         "holdSeconds": 300
         *       },
         *       "webhookUrl": null,
         *       "startedAt": "2026-11-25T14:00:00.000Z",
         *       "stepStartedAt": "2026-11-25T14:05:00.000Z",
         *       "updatedAt": "2026-11-25T14:05:00.000Z",
         *       "endedAt": null,
         *       "metrics": {
         *         "canary": {
         *           "requests": 1240,
         *           "errors": 9,
         *           "errorRate": 0.73,
         *           "avgLatencyMs": 118.4,
         *           "p95LatencyMs": 250,
         *           "p99LatencyMs": 480
         *         },
         *         "baseline": {
         *           "requests": 11020,
         *           "errors": 71,
         *           "errorRate": 0.64,
         *           "avgLatencyMs": 109.9,
         *           "p95LatencyMs": 240,
         *           "p99LatencyMs": 450
         *         }
         *       },
         *       "verdict": {
         *         "verdict": "healthy",
         *         "baseline": "reported",
         *         "message": "healthy: canary 0.73% errors (9/1240), baseline 0.64% (71/11020)"
         *       }
         *     }
         */
        CanaryDeploymentDetail: {
            /** Format: uuid */
            id: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            featureKey: string;
            /** @description The release under test (a build, tag or commit) */
            version: string;
            /** @enum {string} */
            status: "running" | "paused" | "rolled_back" | "completed";
            percentage: number;
            initialPercentage: number;
            /** @description Percent: the error rate that rolls the canary back once it has minSampleSize requests */
            rollbackThreshold: number;
            minSampleSize: number;
            /** @description Automatic ramp; empty when the canary is ramped by hand */
            steps: number[];
            /** @description Index into steps, or null without steps */
            currentStep: number | null;
            analysis: {
                /** @description Bound on false alarms of the canary-vs-baseline sequential test */
                alpha: number;
                /** @description Requests each side needs before comparisons count */
                minSamplePerSide: number;
                latencyGuard: {
                    /**
                     * @description How much slower (p95, percent) the canary may be than baseline
                     * @example 50
                     */
                    maxIncreasePercent: number;
                    /**
                     * @description Differences below this many ms never count
                     * @example 20
                     */
                    minIncreaseMs: number;
                } | null;
                /** @description Minimum time at each automatic step before promotion */
                holdSeconds: number;
            };
            webhookUrl: string | null;
            /** @description The rule of a `rules` flag whose rollout this canary drives */
            ruleId?: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            startedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            stepStartedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            endedAt: string | null;
            metrics: {
                canary: components["schemas"]["CanarySideMetrics"];
                baseline: components["schemas"]["CanarySideMetrics"];
            };
            /** @description What the analysis would decide on the current numbers */
            verdict: {
                /** @enum {string} */
                verdict: "rollback" | "healthy" | "insufficient_data";
                /** @enum {string} */
                rule?: "error_threshold" | "sequential_error" | "recent_error" | "latency";
                /**
                 * @description missing: no baseline outcome was ever reported (e.g. only the Fastify plugin reports, and it counts the canary side), so the comparisons with baseline cannot run and only error_threshold can roll the canary back
                 * @enum {string}
                 */
                baseline: "reported" | "missing";
                /** @description true while the current step (after a promotion or a manual increase) has too few requests of its own for the next automatic promotion; the verdict still judges everything the canary reported */
                awaitingTraffic?: boolean;
                message: string;
            };
        };
        /**
         * CanaryEvent
         * @example {
         *       "id": 57,
         *       "at": "2026-11-25T14:35:00.000Z",
         *       "kind": "promoted",
         *       "actor": "system",
         *       "message": "healthy at 10% for 300 s: canary 0.4% errors (2/480) against baseline 0.5% (22/4,320); promoted to 25%",
         *       "detail": {
         *         "from": 10,
         *         "to": 25
         *       }
         *     }
         */
        CanaryEvent: {
            id: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            /**
             * @example started
             * @example promoted
             * @example rolled_back
             * @example completed
             * @example paused
             * @example resumed
             * @example increased
             */
            kind: string;
            actor: string;
            /** @description Why, with the numbers of both sides for automatic decisions */
            message: string;
            detail: unknown;
        };
        /**
         * RollbackPhases
         * @example {
         *       "deploymentId": "8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d",
         *       "service": "checkout-api",
         *       "action": "redeploy",
         *       "version": "2026.12.02-1",
         *       "migrations": [],
         *       "state": "acknowledged",
         *       "flagsOffMs": 3.8,
         *       "requestedAt": "2026-12-03T14:42:10.000Z",
         *       "askedAt": "2026-12-03T14:42:10.120Z",
         *       "askedAfterSeconds": 0.12,
         *       "deliveryAttempts": 1,
         *       "lastDeliveryError": null,
         *       "acknowledgedAt": "2026-12-03T14:44:02.000Z",
         *       "acknowledgedAfterSeconds": 112,
         *       "outcome": "rolled_back",
         *       "detail": "checkout-api 2026.12.02-1 running on 12/12 pods",
         *       "overdue": false
         *     }
         */
        RollbackPhases: {
            /** Format: uuid */
            deploymentId: string;
            service: string;
            /**
             * @description redeploy: go back to `version`; revert_migrations: revert `migrations`
             * @enum {string}
             */
            action: "redeploy" | "revert_migrations";
            /** @description The version the deployer is asked to redeploy */
            version: string | null;
            /** @description The migrations the deployer is asked to revert, in the order given */
            migrations: string[];
            /**
             * @description queued: not yet accepted by the deployer (no deployer configured yet, or retrying); asked: the deployer accepted the request; acknowledged: it reported the outcome; undeliverable: every attempt failed
             * @enum {string}
             */
            state: "queued" | "asked" | "acknowledged" | "undeliverable";
            /** @description From the request to the linked flag and canary being off */
            flagsOffMs: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            requestedAt: string;
            /** @description When the attempt the deployer accepted (with a 2xx) was sent */
            askedAt: string | null;
            askedAfterSeconds: number | null;
            deliveryAttempts: number;
            lastDeliveryError: string | null;
            acknowledgedAt: string | null;
            /** @description From the request to the acknowledgement */
            acknowledgedAfterSeconds: number | null;
            outcome: ("rolled_back" | "failed") | null;
            /** @description The deployer's own words */
            detail: string | null;
            /** @description No acknowledgement within DEPLOYER_ACK_TIMEOUT_SECONDS of the request */
            overdue: boolean;
        };
        /**
         * Rollback
         * @example {
         *       "id": "5f0c1d2e-8a7b-4c3d-9e6f-1a2b3c4d5e6f",
         *       "type": "canary",
         *       "environment": "production",
         *       "targetKey": "new_payment_flow",
         *       "reason": "Error rate 7% on v2 against 0.6% on v1",
         *       "actor": "oncall-cli",
         *       "automatic": false,
         *       "previousState": {
         *         "canary": {
         *           "status": "running",
         *           "percentage": 25
         *         },
         *         "flag": {
         *           "key": "new_payment_flow",
         *           "percentage": 25,
         *           "version": 6
         *         }
         *       },
         *       "newState": {
         *         "canary": {
         *           "status": "rolled_back",
         *           "percentage": 0
         *         },
         *         "flag": {
         *           "key": "new_payment_flow",
         *           "percentage": 0,
         *           "version": 7
         *         }
         *       },
         *       "createdAt": "2026-11-25T14:42:10.000Z",
         *       "durationMs": 4.2
         *     }
         */
        Rollback: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            type: "feature_flag" | "canary" | "flag_version" | "deployment" | "database_migration";
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /** @description The flag key; for deployment and database_migration rollbacks, the service */
            targetKey: string;
            reason: string;
            /** @description The token name, or `system` for automatic rollbacks */
            actor: string;
            automatic: boolean;
            previousState: unknown;
            newState: unknown;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** @description From the request (or the detection) to the rollback being written */
            durationMs: number;
            phases?: components["schemas"]["RollbackPhases"];
        };
        /**
         * Deployment
         * @example {
         *       "id": "8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d",
         *       "environment": "production",
         *       "service": "checkout-api",
         *       "version": "2026.12.03-2",
         *       "previousVersion": "2026.12.02-1",
         *       "commit": "4f2a9c1e7b3d",
         *       "migrations": [
         *         "0042_add_ledger_index",
         *         "0043_split_payments"
         *       ],
         *       "canaryFlag": "new_payment_flow",
         *       "canaryId": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *       "rollbackOnCanaryFailure": true,
         *       "status": "deployed",
         *       "revertedMigrations": [],
         *       "createdBy": "github-actions",
         *       "createdAt": "2026-12-03T14:30:00.000Z",
         *       "updatedAt": "2026-12-03T14:31:00.000Z"
         *     }
         */
        Deployment: {
            /** Format: uuid */
            id: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /**
             * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
             * @example checkout-api
             */
            service: string;
            version: string;
            /** @description What a deployment rollback redeploys */
            previousVersion: string | null;
            commit: string | null;
            /** @description The migrations this deployment applied */
            migrations: string[];
            /** @description The flag whose canary guards this deployment */
            canaryFlag: string | null;
            /** @description The canary on canaryFlag started with this version */
            canaryId: string | null;
            /** @description Whether an automatic rollback of the linked canary rolls this deployment back too; null: the service's deployer setting decides */
            rollbackOnCanaryFailure: boolean | null;
            /** @enum {string} */
            status: "deployed" | "rolling_back" | "rolled_back" | "rollback_failed";
            /** @description Migrations the deployer reported reverted */
            revertedMigrations: string[];
            createdBy: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * DeploymentDetail
         * @example {
         *       "id": "8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d",
         *       "environment": "production",
         *       "service": "checkout-api",
         *       "version": "2026.12.03-2",
         *       "previousVersion": "2026.12.02-1",
         *       "commit": "4f2a9c1e7b3d",
         *       "migrations": [
         *         "0042_add_ledger_index",
         *         "0043_split_payments"
         *       ],
         *       "canaryFlag": "new_payment_flow",
         *       "canaryId": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *       "rollbackOnCanaryFailure": true,
         *       "status": "deployed",
         *       "revertedMigrations": [],
         *       "createdBy": "github-actions",
         *       "createdAt": "2026-12-03T14:30:00.000Z",
         *       "updatedAt": "2026-12-03T14:31:00.000Z",
         *       "rollbacks": []
         *     }
         */
        DeploymentDetail: {
            /** Format: uuid */
            id: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /**
             * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
             * @example checkout-api
             */
            service: string;
            version: string;
            /** @description What a deployment rollback redeploys */
            previousVersion: string | null;
            commit: string | null;
            /** @description The migrations this deployment applied */
            migrations: string[];
            /** @description The flag whose canary guards this deployment */
            canaryFlag: string | null;
            /** @description The canary on canaryFlag started with this version */
            canaryId: string | null;
            /** @description Whether an automatic rollback of the linked canary rolls this deployment back too; null: the service's deployer setting decides */
            rollbackOnCanaryFailure: boolean | null;
            /** @enum {string} */
            status: "deployed" | "rolling_back" | "rolled_back" | "rollback_failed";
            /** @description Migrations the deployer reported reverted */
            revertedMigrations: string[];
            createdBy: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            /** @description This deployment's rollbacks with their phases, newest first */
            rollbacks: components["schemas"]["Rollback"][];
        };
        /**
         * Deployer
         * @description The secret is never returned.
         * @example {
         *       "service": "checkout-api",
         *       "url": "https://deployer.internal.example.com/sluice",
         *       "rollbackOnCanaryFailure": true,
         *       "updatedBy": "platform-admin",
         *       "createdAt": "2026-12-01T09:00:00.000Z",
         *       "updatedAt": "2026-12-01T09:00:00.000Z"
         *     }
         */
        Deployer: {
            /**
             * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
             * @example checkout-api
             */
            service: string;
            url: string;
            /** @description An automatic rollback of a canary guarding one of this service's deployments rolls the deployment back too */
            rollbackOnCanaryFailure: boolean;
            updatedBy: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * ChaosConfig
         * @description Per type; a field the rule's type does not use is rejected. Stored and returned with every default filled in, so SDKs never guess.
         */
        ChaosConfig: {
            /** @description random_failure: the faults to draw from, each at most once (default latency, error, timeout) */
            kinds?: ("latency" | "error" | "timeout" | "database_failure" | "redis_failure")[];
            /** @description latency (required), random_failure with latency (default 1000): the delay in ms */
            latencyMs?: number;
            /** @description latency: up to this many ms more, uniformly (default 0) */
            jitterMs?: number;
            /** @description error: the status to answer (default 500) */
            statusCode?: number;
            /** @description error: the response message (default "Injected error (Sluice chaos)"); database_failure, redis_failure: the error message (default: the real driver's text for the code) */
            message?: string;
            /** @description timeout: how long to hold the request before answering 504 (default 30000) */
            timeoutMs?: number;
            /**
             * @description database_failure, redis_failure: the thrown error's `code` (default ECONNRESET)
             * @example ECONNRESET
             */
            code?: string;
        };
        /**
         * ChaosStopOn
         * @description Halt the rule when this flag's canary is rolled back automatically
         */
        ChaosStopOn: {
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            flagKey: string;
        };
        /**
         * ChaosRule
         * @example {
         *       "id": "9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "environment": "staging",
         *       "name": "Slow wallet API",
         *       "type": "latency",
         *       "enabled": true,
         *       "probability": 10,
         *       "target": "GET /api/v1/wallet/**",
         *       "config": {
         *         "latencyMs": 500,
         *         "jitterMs": 100
         *       },
         *       "expiresAt": "2026-11-25T18:00:00.000Z",
         *       "stopOn": {
         *         "flagKey": "new_payment_flow"
         *       },
         *       "disabledReason": null,
         *       "version": 2,
         *       "createdAt": "2026-11-25T15:00:00.000Z",
         *       "updatedAt": "2026-11-25T15:10:00.000Z",
         *       "injected": 312
         *     }
         */
        ChaosRule: {
            /** Format: uuid */
            id: string;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            name: string;
            /**
             * @description latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection
             * @enum {string}
             */
            type: "latency" | "error" | "timeout" | "database_failure" | "redis_failure" | "random_failure";
            enabled: boolean;
            /**
             * @description The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals
             * @example 10
             */
            probability: number;
            target: string | null;
            config: components["schemas"]["ChaosConfig"];
            expiresAt: string | null;
            stopOn: components["schemas"]["ChaosStopOn"] | null;
            disabledReason: string | null;
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            /** @description Faults SDKs reported injecting under this rule (on reads) */
            injected?: number;
        };
        /**
         * ChaosHaltResult
         * @example {
         *       "halted": 0,
         *       "rules": []
         *     }
         */
        ChaosHaltResult: {
            /** @description How many enabled rules were disabled */
            halted: number;
            /** @description The rules this halt disabled */
            rules: components["schemas"]["ChaosRule"][];
        };
        /**
         * SluiceExport
         * @example {
         *       "format": "sluice-export",
         *       "version": 1,
         *       "environment": "production",
         *       "exportedAt": "2026-12-03T09:00:00.000Z",
         *       "flags": [
         *         {
         *           "environment": "production",
         *           "key": "new_payment_flow",
         *           "name": "New payment flow",
         *           "description": "Card payments through the v2 processor",
         *           "tags": [
         *             "payments",
         *             "team:checkout"
         *           ],
         *           "type": "percentage",
         *           "enabled": true,
         *           "percentage": 25,
         *           "archived": false,
         *           "version": 4,
         *           "createdAt": "2026-11-20T09:00:00.000Z",
         *           "updatedAt": "2026-11-25T14:30:00.000Z"
         *         }
         *       ],
         *       "segments": [
         *         {
         *           "key": "eu-countries",
         *           "environment": "production",
         *           "name": "EU countries",
         *           "constraints": [
         *             {
         *               "attribute": "country",
         *               "operator": "IN",
         *               "values": [
         *                 "DE",
         *                 "FR",
         *                 "NL"
         *               ]
         *             }
         *           ],
         *           "version": 2,
         *           "createdAt": "2026-11-20T09:00:00.000Z",
         *           "updatedAt": "2026-11-25T14:30:00.000Z"
         *         }
         *       ],
         *       "chaosRules": []
         *     }
         */
        SluiceExport: {
            /** @enum {string} */
            format: "sluice-export";
            /**
             * @description The document format version
             * @enum {number}
             */
            version: 1;
            /**
             * @description Lowercase letters, digits, `-` and `_`, at most 64
             * @example staging
             */
            environment: string;
            /** Format: date-time */
            exportedAt: string;
            /** @description Every flag that is not archived, with its configuration and version in this environment */
            flags: components["schemas"]["FeatureFlag"][];
            segments: components["schemas"]["Segment"][];
            chaosRules: components["schemas"]["ChaosRule"][];
        };
        /**
         * SluiceImportReport
         * @example {
         *       "dryRun": true,
         *       "flags": [
         *         {
         *           "key": "new_payment_flow",
         *           "action": "updated",
         *           "version": 5
         *         }
         *       ],
         *       "segments": [
         *         {
         *           "key": "eu-countries",
         *           "action": "unchanged",
         *           "version": 2
         *         }
         *       ],
         *       "chaosRules": [],
         *       "summary": {
         *         "flags": {
         *           "created": 0,
         *           "updated": 1,
         *           "unchanged": 0,
         *           "refused": 0
         *         },
         *         "segments": {
         *           "created": 0,
         *           "updated": 0,
         *           "unchanged": 1,
         *           "refused": 0
         *         },
         *         "chaosRules": {
         *           "created": 0,
         *           "updated": 0,
         *           "unchanged": 0,
         *           "refused": 0
         *         }
         *       }
         *     }
         */
        SluiceImportReport: {
            /** @description true: nothing was changed; the report says what an import would do */
            dryRun: boolean;
            flags: {
                /** @description The flag key, segment key or chaos rule id */
                key: string;
                /**
                 * @description refused: nothing was written for it, and `reason` says why
                 * @enum {string}
                 */
                action: "created" | "updated" | "unchanged" | "refused";
                reason?: string;
                /** @description The version after the import */
                version?: number;
            }[];
            segments: {
                /** @description The flag key, segment key or chaos rule id */
                key: string;
                /**
                 * @description refused: nothing was written for it, and `reason` says why
                 * @enum {string}
                 */
                action: "created" | "updated" | "unchanged" | "refused";
                reason?: string;
                /** @description The version after the import */
                version?: number;
            }[];
            chaosRules: {
                /** @description The flag key, segment key or chaos rule id */
                key: string;
                /**
                 * @description refused: nothing was written for it, and `reason` says why
                 * @enum {string}
                 */
                action: "created" | "updated" | "unchanged" | "refused";
                reason?: string;
                /** @description The version after the import */
                version?: number;
            }[];
            summary: {
                flags: {
                    created: number;
                    updated: number;
                    unchanged: number;
                    refused: number;
                };
                segments: {
                    created: number;
                    updated: number;
                    unchanged: number;
                    refused: number;
                };
                chaosRules: {
                    created: number;
                    updated: number;
                    unchanged: number;
                    refused: number;
                };
            };
        };
        /**
         * SdkFlag
         * @description A flag as SDKs see it: what evaluation reads
         * @example {
         *       "key": "new_payment_flow",
         *       "name": "New payment flow",
         *       "type": "percentage",
         *       "enabled": true,
         *       "archived": false,
         *       "percentage": 25,
         *       "version": 4,
         *       "updatedAt": "2026-11-25T14:30:00.000Z"
         *     }
         */
        SdkFlag: {
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            key: string;
            name: string;
            /**
             * @description boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type
             * @enum {string}
             */
            type: "boolean" | "percentage" | "user_targeting" | "ip_targeting" | "rules";
            enabled: boolean;
            /** @description Archived flags evaluate off and keep their history; restore to use the key again */
            archived: boolean;
            /**
             * @description 0–100 with at most two decimals (0.01% steps)
             * @example 25
             */
            percentage?: number;
            /** @description Hash namespace; flags sharing a groupId roll out to the same contexts. Defaults to the key. */
            groupId?: string;
            /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
            stickiness?: string;
            /** @description Exact user ids; no duplicates */
            userIds?: string[];
            /**
             * @description IPv4 or IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`); IPv4-mapped IPv6 addresses match IPv4 entries
             * @example [
             *       "203.0.113.7",
             *       "10.0.0.0/8",
             *       "2001:db8::/32"
             *     ]
             */
            ips?: string[];
            /** @description A/B variants for contexts the flag is on for, assigned by weight, sticky per user */
            variants?: components["schemas"]["Variant"][];
            /** @description `rules` flags: evaluated in order; the first that matches decides the variant */
            rules?: components["schemas"]["Rule"][];
            /** @description All must hold, checked before the rules */
            dependencies?: components["schemas"]["Dependency"][];
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * SdkCanary
         * @description A canary as SDKs see it: what attributing outcomes needs (no webhook URL, no analysis)
         * @example {
         *       "id": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *       "featureKey": "new_payment_flow",
         *       "version": "v2",
         *       "status": "running",
         *       "percentage": 10,
         *       "initialPercentage": 5,
         *       "rollbackThreshold": 5,
         *       "minSampleSize": 100,
         *       "steps": [
         *         5,
         *         10,
         *         25,
         *         50,
         *         100
         *       ],
         *       "startedAt": "2026-11-25T14:00:00.000Z",
         *       "updatedAt": "2026-11-25T14:05:00.000Z",
         *       "endedAt": null
         *     }
         */
        SdkCanary: {
            /** Format: uuid */
            id: string;
            /**
             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
             * @example new_payment_flow
             */
            featureKey: string;
            /** @description The rule of a `rules` flag whose rollout this canary drives */
            ruleId?: string;
            /** @description The release under test (a build, tag or commit) */
            version: string;
            /** @enum {string} */
            status: "running" | "paused" | "rolled_back" | "completed";
            percentage: number;
            initialPercentage: number;
            /** @description Percent: the error rate that rolls the canary back once it has minSampleSize requests */
            rollbackThreshold: number;
            minSampleSize: number;
            /** @description Automatic ramp; empty when the canary is ramped by hand */
            steps: number[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            startedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            endedAt: string | null;
        };
        /**
         * SdkChaosRule
         * @description A chaos rule as SDKs see it: what injecting needs
         * @example {
         *       "id": "9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "name": "Slow wallet API",
         *       "type": "latency",
         *       "enabled": true,
         *       "probability": 10,
         *       "target": "GET /api/v1/wallet/**",
         *       "config": {
         *         "latencyMs": 500,
         *         "jitterMs": 100
         *       },
         *       "expiresAt": "2026-11-25T18:00:00.000Z",
         *       "version": 2,
         *       "updatedAt": "2026-11-25T15:10:00.000Z"
         *     }
         */
        SdkChaosRule: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection
             * @enum {string}
             */
            type: "latency" | "error" | "timeout" | "database_failure" | "redis_failure" | "random_failure";
            enabled: boolean;
            /**
             * @description The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals
             * @example 10
             */
            probability: number;
            target: string | null;
            config: components["schemas"]["ChaosConfig"];
            expiresAt: string | null;
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * SdkSegment
         * @description A segment as SDKs see it: the constraints `rules` flags reference by key
         * @example {
         *       "key": "eu-countries",
         *       "constraints": [
         *         {
         *           "attribute": "country",
         *           "operator": "IN",
         *           "values": [
         *             "DE",
         *             "FR",
         *             "NL"
         *           ]
         *         }
         *       ],
         *       "version": 2,
         *       "updatedAt": "2026-11-25T14:30:00.000Z"
         *     }
         */
        SdkSegment: {
            /**
             * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
             * @example eu-countries
             */
            key: string;
            /** @description All must hold */
            constraints: components["schemas"]["Constraint"][];
            /** @description Bumped by every change; send it back in If-Match to update safely */
            version: number;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        /**
         * Snapshot
         * @example {
         *       "seq": 1842,
         *       "environment": "production",
         *       "flags": [
         *         {
         *           "key": "new_payment_flow",
         *           "name": "New payment flow",
         *           "type": "percentage",
         *           "enabled": true,
         *           "archived": false,
         *           "percentage": 25,
         *           "version": 4,
         *           "updatedAt": "2026-11-25T14:30:00.000Z"
         *         }
         *       ],
         *       "canaries": [
         *         {
         *           "id": "0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70",
         *           "featureKey": "new_payment_flow",
         *           "version": "v2",
         *           "status": "running",
         *           "percentage": 10,
         *           "initialPercentage": 5,
         *           "rollbackThreshold": 5,
         *           "minSampleSize": 100,
         *           "steps": [
         *             5,
         *             10,
         *             25,
         *             50,
         *             100
         *           ],
         *           "startedAt": "2026-11-25T14:00:00.000Z",
         *           "updatedAt": "2026-11-25T14:05:00.000Z",
         *           "endedAt": null
         *         }
         *       ],
         *       "chaosRules": [],
         *       "segments": [
         *         {
         *           "key": "eu-countries",
         *           "constraints": [
         *             {
         *               "attribute": "country",
         *               "operator": "IN",
         *               "values": [
         *                 "DE",
         *                 "FR",
         *                 "NL"
         *               ]
         *             }
         *           ],
         *           "version": 2,
         *           "updatedAt": "2026-11-25T14:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        Snapshot: {
            /** @description The change-log position this state is at (the last change to its environment); the SSE event id. Seqs are global: changes to other environments take seqs this stream never sends */
            seq: number;
            /**
             * @description The environment this state is of: an sdk token's own, or `?environment=` for an admin token
             * @example staging
             */
            environment: string;
            /** @description Every flag, archived ones included (they evaluate off) */
            flags: components["schemas"]["SdkFlag"][];
            /** @description Active canaries (running or paused) */
            canaries: components["schemas"]["SdkCanary"][];
            /** @description Every chaos rule */
            chaosRules: components["schemas"]["SdkChaosRule"][];
            /** @description Every segment; `rules` flags name them by key */
            segments: components["schemas"]["SdkSegment"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready: the database is unreachable or migrations are pending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP sluice_sse_clients Open SDK streams on this replica
                     *     # TYPE sluice_sse_clients gauge
                     *     sluice_sse_clients 412
                     */
                    "text/plain": string;
                };
            };
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environments, by sort order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"][];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "key": "qa",
                 *       "name": "QA",
                 *       "production": false,
                 *       "sortOrder": 15
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Lowercase letters, digits, `-` and `_`, at most 64
                     * @example staging
                     */
                    key: string;
                    /** @example Staging */
                    name: string;
                    /** @description A production environment refuses chaos rules, whatever the server's settings */
                    production?: boolean;
                    /** @description Lists show environments by this, then by key */
                    sortOrder?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description The path of the created entity */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Lowercase letters, digits, `-` and `_`, at most 64
                 * @example staging
                 */
                key: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "production": true
                 *     }
                 */
                "application/json": {
                    /** @example Staging */
                    name?: string;
                    /** @description A production environment refuses chaos rules, whatever the server's settings */
                    production?: boolean;
                    /** @description Lists show environments by this, then by key */
                    sortOrder?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Lowercase letters, digits, `-` and `_`, at most 64
                 * @example staging
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFeatureFlags: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                includeArchived?: boolean;
                /**
                 * @description Repeatable; a flag must have all of them
                 * @example [
                 *       "payments"
                 *     ]
                 */
                tag?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flags, by key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "key": "new_payment_flow",
                 *       "name": "New payment flow",
                 *       "type": "percentage",
                 *       "enabled": true,
                 *       "percentage": 5,
                 *       "description": "Card payments through the v2 processor",
                 *       "tags": [
                 *         "payments"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    key: string;
                    /** @example New payment flow */
                    name: string;
                    /**
                     * @description boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type
                     * @enum {string}
                     */
                    type: "boolean" | "percentage" | "user_targeting" | "ip_targeting" | "rules";
                    /** @default false */
                    enabled?: boolean;
                    description?: string;
                    /**
                     * @description Labels to find flags by (`?tag=`); shared by every environment; stored sorted, without duplicates
                     * @example [
                     *       "payments",
                     *       "team:checkout"
                     *     ]
                     */
                    tags?: string[];
                    /**
                     * @description 0–100 with at most two decimals (0.01% steps)
                     * @example 25
                     */
                    percentage?: number;
                    /** @description Hash namespace; flags sharing a groupId roll out to the same contexts. Defaults to the key. */
                    groupId?: string;
                    /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
                    stickiness?: string;
                    /** @description Exact user ids; no duplicates */
                    userIds?: string[];
                    /**
                     * @description IPv4 or IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`); IPv4-mapped IPv6 addresses match IPv4 entries
                     * @example [
                     *       "203.0.113.7",
                     *       "10.0.0.0/8",
                     *       "2001:db8::/32"
                     *     ]
                     */
                    ips?: string[];
                    /** @description A/B variants for contexts the flag is on for, assigned by weight, sticky per user */
                    variants?: components["schemas"]["Variant"][];
                    /** @description Evaluated in order; the first that matches decides the variant */
                    rules?: {
                        /** @description Send back the id you read to keep it; leave it out on a new rule and the service assigns one */
                        id?: string;
                        name?: string;
                        /** @description All must hold */
                        constraints?: components["schemas"]["Constraint"][];
                        /** @description Segment keys; every segment's constraints must hold */
                        segments?: string[];
                        /** @description Share of the contexts that match, 0–100 with at most two decimals; default 100 */
                        rollout?: number;
                        /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
                        stickiness?: string;
                        /** @description Hash namespace for the rollout and the rule's variants; default the flag key (empty is a namespace of its own, as Unleash's gradual rollouts use) */
                        groupId?: string;
                        /** @description When this rule decides, these replace the flag's variants */
                        variants?: components["schemas"]["Variant"][];
                    }[];
                    /** @description All must hold, checked before the rules */
                    dependencies?: components["schemas"]["Dependency"][];
                };
            };
        };
        responses: {
            /** @description Created, at version 1 */
            201: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    /** @description The path of the created entity */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The ETag you hold; 304 when it is still current
                 * @example "3"
                 */
                "if-none-match"?: string;
            };
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flag as it is now */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change; null clears an optional field (`tags`: null or [] removes every tag). Changing the type drops fields the new type does not use. */
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    key?: string;
                    /** @example New payment flow */
                    name?: string;
                    /**
                     * @description boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type
                     * @enum {string}
                     */
                    type?: "boolean" | "percentage" | "user_targeting" | "ip_targeting" | "rules";
                    enabled?: boolean;
                    description?: string | null;
                    tags?: string[] | null;
                    percentage?: number | null;
                    groupId?: string | null;
                    stickiness?: string | null;
                    userIds?: string[] | null;
                    ips?: string[] | null;
                    variants?: components["schemas"]["Variant"][] | null;
                    /** @description Evaluated in order; the first that matches decides the variant */
                    rules?: {
                        /** @description Send back the id you read to keep it; leave it out on a new rule and the service assigns one */
                        id?: string;
                        name?: string;
                        /** @description All must hold */
                        constraints?: components["schemas"]["Constraint"][];
                        /** @description Segment keys; every segment's constraints must hold */
                        segments?: string[];
                        /** @description Share of the contexts that match, 0–100 with at most two decimals; default 100 */
                        rollout?: number;
                        /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
                        stickiness?: string;
                        /** @description Hash namespace for the rollout and the rule's variants; default the flag key (empty is a namespace of its own, as Unleash's gradual rollouts use) */
                        groupId?: string;
                        /** @description When this rule decides, these replace the flag's variants */
                        variants?: components["schemas"]["Variant"][];
                    }[];
                    dependencies?: components["schemas"]["Dependency"][] | null;
                };
            };
        };
        responses: {
            /** @description Updated: the new version (the same one when nothing changed) */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    archiveFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived: the flag as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        /** @description A JSON Merge Patch (RFC 7396) of the flag: the fields to change; null removes an optional field; arrays (tags, userIds, ips, variants) replace the current ones. */
        requestBody: {
            content: {
                "application/merge-patch+json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    key?: string;
                    /** @example New payment flow */
                    name?: string;
                    /**
                     * @description boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type
                     * @enum {string}
                     */
                    type?: "boolean" | "percentage" | "user_targeting" | "ip_targeting" | "rules";
                    enabled?: boolean;
                    description?: string | null;
                    tags?: string[] | null;
                    percentage?: number | null;
                    groupId?: string | null;
                    stickiness?: string | null;
                    userIds?: string[] | null;
                    ips?: string[] | null;
                    variants?: components["schemas"]["Variant"][] | null;
                    /** @description Evaluated in order; the first that matches decides the variant */
                    rules?: {
                        /** @description Send back the id you read to keep it; leave it out on a new rule and the service assigns one */
                        id?: string;
                        name?: string;
                        /** @description All must hold */
                        constraints?: components["schemas"]["Constraint"][];
                        /** @description Segment keys; every segment's constraints must hold */
                        segments?: string[];
                        /** @description Share of the contexts that match, 0–100 with at most two decimals; default 100 */
                        rollout?: number;
                        /** @description `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off */
                        stickiness?: string;
                        /** @description Hash namespace for the rollout and the rule's variants; default the flag key (empty is a namespace of its own, as Unleash's gradual rollouts use) */
                        groupId?: string;
                        /** @description When this rule decides, these replace the flag's variants */
                        variants?: components["schemas"]["Variant"][];
                    }[];
                    dependencies?: components["schemas"]["Dependency"][] | null;
                };
            };
        };
        responses: {
            /** @description Updated: the new version (the same one when nothing changed) */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not in a media type this route takes (PATCH takes application/merge-patch+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "code": "SLUICE_UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "Content-Type text/plain is not supported: send the body as JSON with Content-Type: application/json"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Restored, disabled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFeatureFlagEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flag in each environment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    promoteFeatureFlag: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "from": "staging",
                 *       "to": "production",
                 *       "reason": "verified in staging for a week"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Lowercase letters, digits, `-` and `_`, at most 64
                     * @example staging
                     */
                    from: string;
                    /**
                     * @description Lowercase letters, digits, `-` and `_`, at most 64
                     * @example staging
                     */
                    to: string;
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The flag in `to`, at its new version (the same one when nothing changed) */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeatureFlag"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    checkFeatureFlag: {
        parameters: {
            query?: {
                /** @example user-1842 */
                userId?: string;
                /** @example sess-7f3a */
                sessionId?: string;
                /** @example 203.0.113.7 */
                ip?: string;
                /**
                 * @description The application asking (constraints on `appName`)
                 * @example checkout-api
                 */
                appName?: string;
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description The context's `environment` attribute, when it is not the Sluice environment evaluated
                 * @example eu-prod
                 */
                contextEnvironment?: string;
                /**
                 * @description The time DATE_* constraints compare with; default now
                 * @example 2026-12-01T09:00:00Z
                 */
                currentTime?: string;
                /**
                 * @description A JSON object of string, number or boolean attributes; `attr.<name>=<value>` parameters are simpler
                 * @example {"plan":"pro"}
                 */
                attributes?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether the flag is on for this context, and why */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlagCheck"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFeatureFlagHistory: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Versions, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlagVersion"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSegments: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environment's segments, by key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"][];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSegment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "key": "eu-countries",
                 *       "name": "EU countries",
                 *       "constraints": [
                 *         {
                 *           "attribute": "country",
                 *           "operator": "IN",
                 *           "values": [
                 *             "DE",
                 *             "FR",
                 *             "NL"
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /**
                     * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
                     * @example eu-countries
                     */
                    key: string;
                    /** @example EU countries */
                    name: string;
                    description?: string;
                    /** @description All must hold */
                    constraints: components["schemas"]["Constraint"][];
                };
            };
        };
        responses: {
            /** @description Created, at version 1 */
            201: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    /** @description The path of the created entity */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSegment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The ETag you hold; 304 when it is still current
                 * @example "3"
                 */
                "if-none-match"?: string;
            };
            path: {
                /**
                 * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
                 * @example eu-countries
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The segment as it is now */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSegment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
                 * @example eu-countries
                 */
                key: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change; null clears the description. Every flag that names the segment sees the change at once. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "constraints": [
                 *         {
                 *           "attribute": "country",
                 *           "operator": "IN",
                 *           "values": [
                 *             "DE",
                 *             "FR",
                 *             "NL",
                 *             "BE"
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @example EU countries */
                    name?: string;
                    description?: string | null;
                    /** @description All must hold */
                    constraints?: components["schemas"]["Constraint"][];
                };
            };
        };
        responses: {
            /** @description Updated: the new version (the same one when nothing changed) */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Segment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSegment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
                 * @example eu-countries
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importFromUnleash: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                dryRun?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The JSON an Unleash server answers at `GET /api/client/features` (a client API token's view): features with their strategies, constraints, variants and dependencies, and the segments they use. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "version": 2,
                 *       "features": [
                 *         {
                 *           "name": "checkout.v2",
                 *           "enabled": true,
                 *           "strategies": [
                 *             {
                 *               "name": "flexibleRollout",
                 *               "constraints": [
                 *                 {
                 *                   "contextName": "plan",
                 *                   "operator": "IN",
                 *                   "values": [
                 *                     "pro"
                 *                   ]
                 *                 }
                 *               ],
                 *               "parameters": {
                 *                 "rollout": "25",
                 *                 "stickiness": "default",
                 *                 "groupId": "checkout.v2"
                 *               },
                 *               "segments": [
                 *                 1
                 *               ]
                 *             }
                 *           ]
                 *         }
                 *       ],
                 *       "segments": [
                 *         {
                 *           "id": 1,
                 *           "name": "beta-testers",
                 *           "constraints": [
                 *             {
                 *               "contextName": "userId",
                 *               "operator": "IN",
                 *               "values": [
                 *                 "u1",
                 *                 "u2"
                 *               ]
                 *             }
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    version?: number;
                    features: ({
                        name: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                    segments?: ({
                        id: number;
                    } & {
                        [key: string]: unknown;
                    })[];
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description What was (or, in a dry run, would be) done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnleashImportReport"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCanaryDeployments: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                status?: "active" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active canaries, oldest first; with status=all the latest 1,000 of any status, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "featureKey": "new_payment_flow",
                 *       "version": "v2",
                 *       "rollbackThreshold": 5,
                 *       "minSampleSize": 100,
                 *       "steps": [
                 *         5,
                 *         10,
                 *         25,
                 *         50,
                 *         100
                 *       ],
                 *       "holdSeconds": 300,
                 *       "alpha": 0.01,
                 *       "minSamplePerSide": 50
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    featureKey: string;
                    /** @example v2 */
                    version: string;
                    /** @description Default 5, or the first step; with at most two decimals (0.01% steps) */
                    initialPercentage?: number;
                    /**
                     * @description Percent, with at most two decimals (0.01% steps)
                     * @default 5
                     */
                    rollbackThreshold?: number;
                    /** @default 100 */
                    minSampleSize?: number;
                    /** @description Increasing percentages ending at 100, e.g. [5, 10, 25, 50, 100]; the scheduler promotes after each hold when the analysis passes */
                    steps?: number[];
                    /**
                     * @description Minimum time at each step
                     * @default 300
                     */
                    holdSeconds?: number;
                    /** @default 0.01 */
                    alpha?: number;
                    /** @default 50 */
                    minSamplePerSide?: number;
                    /** @description Default { maxIncreasePercent: 50, minIncreaseMs: 20 }; null turns it off */
                    latencyGuard?: {
                        /**
                         * @description How much slower (p95, percent) the canary may be than baseline
                         * @example 50
                         */
                        maxIncreasePercent: number;
                        /**
                         * @description Differences below this many ms never count
                         * @example 20
                         */
                        minIncreaseMs: number;
                    } | null;
                    /**
                     * @description For a `rules` flag (required there): the rule whose rollout the canary drives, so "5% of pro users in the EU" is one canary. Increase, rollback and complete change that rule's rollout.
                     * @example pro-eu
                     */
                    ruleId?: string;
                    /**
                     * Format: uri
                     * @description An http:// or https:// URL (the scheme in any case) told about rollback and completion (HMAC-signed); overrides the global webhook
                     */
                    webhookUrl?: string;
                };
            };
        };
        responses: {
            /** @description Started: the flag is at the initial percentage */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The canary, both sides and the verdict */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeploymentDetail"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCanaryDeploymentHistory: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryEvent"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    increaseCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "percentage": 25
                 *     }
                 */
                "application/json": {
                    /** @description Above the current percentage, at most 100, with at most two decimals (0.01% steps) */
                    percentage: number;
                };
            };
        };
        responses: {
            /** @description Raised */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "Error rate 7% on v2 against 0.6% on v1"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Rolled back: the flag is at 0% */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    completeCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Completed: the flag is at 100% */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pauseCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resumeCanaryDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Running again; the hold restarts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanaryDeployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRollbacks: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                type?: "feature_flag" | "canary" | "flag_version" | "deployment" | "database_migration";
                /**
                 * @description A flag key, or a service for deployment rollbacks
                 * @example new_payment_flow
                 */
                targetKey?: string;
                /** @description At most this many (default 100, max 1000) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rollbacks, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackFeatureFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "featureKey": "new_payment_flow",
                 *       "reason": "Checkout errors after the 14:30 deploy"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    featureKey: string;
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done: the flag is disabled */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackCanary: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "featureKey": "new_payment_flow",
                 *       "reason": "Error rate 7% on v2 against 0.6% on v1"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    featureKey: string;
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done: the canary is at 0% and rolled back */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackFlagVersion: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "featureKey": "new_payment_flow",
                 *       "version": 3,
                 *       "reason": "Version 4 targeted the wrong users"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                     * @example new_payment_flow
                     */
                    featureKey: string;
                    version: number;
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done: the flag has the old rules, as a new version */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeployments: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
                 * @example checkout-api
                 */
                service?: string;
                /** @example 2026.12.03-2 */
                version?: string;
                status?: "deployed" | "rolling_back" | "rolled_back" | "rollback_failed";
                /** @description At most this many (default 100, max 1000) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deployments in the environment, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordDeployment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "service": "checkout-api",
                 *       "version": "2026.12.03-2",
                 *       "environment": "production",
                 *       "commit": "4f2a9c1e7b3d",
                 *       "migrations": [
                 *         "0042_add_ledger_index",
                 *         "0043_split_payments"
                 *       ],
                 *       "canaryFlag": "new_payment_flow",
                 *       "rollbackOnCanaryFailure": true
                 *     }
                 */
                "application/json": {
                    /**
                     * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
                     * @example checkout-api
                     */
                    service: string;
                    /**
                     * @description The version now running
                     * @example 2026.12.03-2
                     */
                    version: string;
                    /**
                     * @description Where it runs; default DEFAULT_ENVIRONMENT
                     * @example staging
                     */
                    environment?: string;
                    /**
                     * @description What ran before; default the service's last deployment in this environment that was not rolled back
                     * @example 2026.12.03-2
                     */
                    previousVersion?: string;
                    /** @example 4f2a9c1e7b3d */
                    commit?: string;
                    /** @description The migrations this deployment applied, oldest first */
                    migrations?: string[];
                    /** @description The flag whose canary guards this deployment (it must exist in the environment) */
                    canaryFlag?: string;
                    /** @description An automatic rollback of the guarding canary rolls this deployment back too; absent: the service's deployer setting */
                    rollbackOnCanaryFailure?: boolean;
                };
            };
        };
        responses: {
            /** @description Recorded */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The deployment id
                 * @example 8f14e45f-ceea-467f-a9d5-3c1b6a1e2f00
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deployment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDetail"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportDeploymentStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The deployment id
                 * @example 8f14e45f-ceea-467f-a9d5-3c1b6a1e2f00
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "rolled_back",
                 *       "detail": "checkout-api 2026.12.02-1 running on 12/12 pods",
                 *       "rollbackId": "5f0c1d2e-8a7b-4c3d-9e6f-1a2b3c4d5e6f"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description rolled_back: done; failed: the deployer could not do it
                     * @enum {string}
                     */
                    status: "rolled_back" | "failed";
                    /** @description What happened, in the deployer's words */
                    detail?: string;
                    /**
                     * Format: uuid
                     * @description The x-sluice-delivery of the request being answered; default the pending rollback of this deployment
                     */
                    rollbackId?: string;
                };
            };
        };
        responses: {
            /** @description Recorded (or already recorded) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDetail"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "deploymentId": "8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d",
                 *       "reason": "Ledger totals drift after the 14:30 deploy"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The deployment id
                     * @example 8f14e45f-ceea-467f-a9d5-3c1b6a1e2f00
                     */
                    deploymentId: string;
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Flags off; the deployer request is queued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rollbackDatabaseMigration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "deploymentId": "8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d",
                 *       "migrations": [
                 *         "0043_split_payments",
                 *         "0042_add_ledger_index"
                 *       ],
                 *       "reason": "Split payments double-book refunds"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The deployment id
                     * @example 8f14e45f-ceea-467f-a9d5-3c1b6a1e2f00
                     */
                    deploymentId: string;
                    /** @description Which of the deployment's migrations to revert, in the order to revert them */
                    migrations: string[];
                    /**
                     * @description Why; kept with the rollback record
                     * @example High error rate detected
                     */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Flags off; the deployer request is queued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rollback"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    configureDeployer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
                 * @example checkout-api
                 */
                service: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://deployer.internal.example.com/sluice",
                 *       "secret": "whsec_6f1d0c3b9a8e7d6c5b4a",
                 *       "rollbackOnCanaryFailure": true
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: uri
                     * @description An http:// or https:// URL
                     * @example https://deployer.internal.example.com/sluice
                     */
                    url: string;
                    /** @description Signs every request (x-sluice-signature, HMAC-SHA256); never returned */
                    secret: string;
                    /**
                     * @description An automatic rollback of a canary guarding one of this service's deployments rolls the deployment back too
                     * @default false
                     */
                    rollbackOnCanaryFailure?: boolean;
                };
            };
        };
        responses: {
            /** @description Saved; the secret is not returned */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployer"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeployers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deployers by service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployer"][];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testDeployer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
                 * @example checkout-api
                 */
                service: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the deployer answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "service": "checkout-api",
                     *       "delivered": true,
                     *       "error": null,
                     *       "durationMs": 41.7
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description The deployed service: letters, digits, `_`, `.` and `-`, at most 128
                         * @example checkout-api
                         */
                        service: string;
                        /** @description The deployer answered 2xx */
                        delivered: boolean;
                        /** @description What went wrong, e.g. `HTTP 401` or a timeout */
                        error: string | null;
                        durationMs: number;
                    };
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listChaosRules: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environment's rules, with the faults SDKs reported under them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRule"][];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createChaosRule: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Slow wallet API",
                 *       "type": "latency",
                 *       "enabled": true,
                 *       "probability": 10,
                 *       "target": "GET /api/v1/wallet/**",
                 *       "config": {
                 *         "latencyMs": 500,
                 *         "jitterMs": 100
                 *       },
                 *       "expiresAt": "2030-01-01T00:00:00Z",
                 *       "stopOn": {
                 *         "flagKey": "new_payment_flow"
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @example Slow wallet API */
                    name: string;
                    /**
                     * @description latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection
                     * @enum {string}
                     */
                    type: "latency" | "error" | "timeout" | "database_failure" | "redis_failure" | "random_failure";
                    /** @default false */
                    enabled?: boolean;
                    /**
                     * @description The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals
                     * @example 10
                     */
                    probability: number;
                    target?: string | null;
                    config?: components["schemas"]["ChaosConfig"] | null;
                    expiresAt?: string | null;
                    stopOn?: components["schemas"]["ChaosStopOn"] | null;
                };
            };
        };
        responses: {
            /** @description Created, at version 1 */
            201: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    /** @description The path of the created entity */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRule"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    haltChaosRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "reason": "checkout incident"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Recorded on each rule and in the audit log
                     * @example checkout incident
                     */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Halted: the rules that were enabled, now disabled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosHaltResult"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChaosRule: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The ETag you hold; 304 when it is still current
                 * @example "3"
                 */
                "if-none-match"?: string;
            };
            path: {
                /** @example 9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rule as it is now */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRule"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateChaosRule: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /** @example 9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d */
                id: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change; null clears an optional field. `config` replaces the whole config (null: the type's defaults); changing the type without a config starts from the new type's defaults. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": true,
                 *       "probability": 25
                 *     }
                 */
                "application/json": {
                    /** @example Slow wallet API */
                    name?: string;
                    /**
                     * @description latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection
                     * @enum {string}
                     */
                    type?: "latency" | "error" | "timeout" | "database_failure" | "redis_failure" | "random_failure";
                    enabled?: boolean;
                    /**
                     * @description The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals
                     * @example 10
                     */
                    probability?: number;
                    target?: string | null;
                    config?: components["schemas"]["ChaosConfig"] | null;
                    expiresAt?: string | null;
                    stopOn?: components["schemas"]["ChaosStopOn"] | null;
                };
            };
        };
        responses: {
            /** @description Updated: the new version */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRule"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteChaosRule: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /** @example 9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchChaosRule: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The version you read, e.g. `3` or `"3"`
                 * @example "4"
                 */
                "if-match"?: string;
            };
            path: {
                /** @example 9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d */
                id: string;
            };
            cookie?: never;
        };
        /** @description A JSON Merge Patch (RFC 7396) of the rule: the fields to change; null removes an optional field; objects merge field by field. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "probability": 25,
                 *       "config": {
                 *         "latencyMs": 500
                 *       }
                 *     }
                 */
                "application/merge-patch+json": {
                    /** @example Slow wallet API */
                    name?: string;
                    /**
                     * @description latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection
                     * @enum {string}
                     */
                    type?: "latency" | "error" | "timeout" | "database_failure" | "redis_failure" | "random_failure";
                    enabled?: boolean;
                    /**
                     * @description The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals
                     * @example 10
                     */
                    probability?: number;
                    target?: string | null;
                    config?: {
                        [key: string]: unknown;
                    } | null;
                    expiresAt?: string | null;
                    stopOn?: {
                        [key: string]: unknown;
                    } | null;
                };
            };
        };
        responses: {
            /** @description Updated: the new version */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChaosRule"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not in a media type this route takes (PATCH takes application/merge-patch+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "code": "SLUICE_UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "Content-Type text/plain is not supported: send the body as JSON with Content-Type: application/json"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportEnvironment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SluiceExport"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importEnvironment: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                dryRun?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A document `GET /admin/export` produced (its `environment` need not be the target) */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "format": "sluice-export",
                 *       "version": 1,
                 *       "environment": "production",
                 *       "exportedAt": "2026-12-03T09:00:00.000Z",
                 *       "flags": [
                 *         {
                 *           "environment": "production",
                 *           "key": "new_payment_flow",
                 *           "name": "New payment flow",
                 *           "description": "Card payments through the v2 processor",
                 *           "tags": [
                 *             "payments",
                 *             "team:checkout"
                 *           ],
                 *           "type": "percentage",
                 *           "enabled": true,
                 *           "percentage": 25,
                 *           "archived": false,
                 *           "version": 4,
                 *           "createdAt": "2026-11-20T09:00:00.000Z",
                 *           "updatedAt": "2026-11-25T14:30:00.000Z"
                 *         }
                 *       ],
                 *       "segments": [
                 *         {
                 *           "key": "eu-countries",
                 *           "environment": "production",
                 *           "name": "EU countries",
                 *           "constraints": [
                 *             {
                 *               "attribute": "country",
                 *               "operator": "IN",
                 *               "values": [
                 *                 "DE",
                 *                 "FR",
                 *                 "NL"
                 *               ]
                 *             }
                 *           ],
                 *           "version": 2,
                 *           "createdAt": "2026-11-20T09:00:00.000Z",
                 *           "updatedAt": "2026-11-25T14:30:00.000Z"
                 *         }
                 *       ],
                 *       "chaosRules": [],
                 *       "onConflict": "fail"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    format: "sluice-export";
                    /** @enum {number} */
                    version: 1;
                    /**
                     * @description overwrite: the document wins. fail: if any item's target version is newer than the item's `version`, nothing is imported (412 naming the items)
                     * @default overwrite
                     * @enum {string}
                     */
                    onConflict?: "fail" | "overwrite";
                    flags: ({
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        key: string;
                        /** @description The version the item had when exported; with `onConflict: fail` the import is refused if the target moved past it */
                        version?: number;
                    } & {
                        [key: string]: unknown;
                    })[];
                    segments: ({
                        /**
                         * @description As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive
                         * @example eu-countries
                         */
                        key: string;
                        /** @description The version the item had when exported; with `onConflict: fail` the import is refused if the target moved past it */
                        version?: number;
                    } & {
                        [key: string]: unknown;
                    })[];
                    chaosRules: ({
                        /** Format: uuid */
                        id: string;
                        /** @description The version the item had when exported; with `onConflict: fail` the import is refused if the target moved past it */
                        version?: number;
                    } & {
                        [key: string]: unknown;
                    })[];
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description What was (or, in a dry run, would be) done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SluiceImportReport"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current: read the entity again and reapply the change */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 412,
                     *       "error": "Precondition Failed",
                     *       "code": "SLUICE_VERSION_CONFLICT",
                     *       "message": "the flag \"new_payment_flow\" is at version 5, not 4; read it again and reapply your change"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamChanges: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: {
                /**
                 * @description The id of the last event received
                 * @example 1843
                 */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or open streams for this token */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "code": "SLUICE_TOO_MANY_STREAMS",
                     *       "message": "this token already has 5000 open streams on this replica; close some or use another token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSdkState: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description Answer with a state at this seq or later (waits up to 2 s for it)
                 * @example 1843
                 */
                minSeq?: number;
            };
            header?: {
                /**
                 * @description The ETag you hold; 304 when it is still current
                 * @example "3"
                 */
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole state at `seq` */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportOutcomes: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The batch's key, the same on every retry of it (e.g. a UUID; 1 to 128 letters, digits and `._:-`). A batch whose key this token committed in the last 24 hours is answered 202 again, with its first answer, and not counted twice
                 * @example 5b7f2c1e-8d0a-4c39-9f6e-2a41d3b8e0c7
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "flagKey": "new_payment_flow",
                 *           "side": "canary",
                 *           "requests": 120,
                 *           "errors": 1,
                 *           "latencyMsSum": 14400
                 *         },
                 *         {
                 *           "flagKey": "new_payment_flow",
                 *           "side": "baseline",
                 *           "requests": 1080,
                 *           "errors": 6,
                 *           "latencyMsSum": 118800
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    items: {
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        flagKey: string;
                        /**
                         * @description canary: the flag evaluated on for the request; baseline: off
                         * @enum {string}
                         */
                        side: "canary" | "baseline";
                        requests: number;
                        /** @description At most `requests` */
                        errors: number;
                        /** @description At most `requests` × 3600000 (an hour per request; SDKs clamp longer latencies to an hour) */
                        latencyMsSum: number;
                        /**
                         * @description Latencies as @sluice/core's sketch: bucket index → count, together at most `requests`. Bucket i holds latencies in (γ^(i−1), γ^i] ms with γ = (1 + α)/(1 − α), α = 0.02, so every quantile read from it is within 2% of the true one; indices run from ⌈log_γ 0.001⌉ to ⌈log_γ 3600000⌉
                         * @example {
                         *       "134": 40,
                         *       "135": 71,
                         *       "136": 9
                         *     }
                         */
                        latencySketch?: {
                            [key: string]: number;
                        };
                        /**
                         * @deprecated
                         * @description Deprecated: what SDKs sent before `latencySketch`, still accepted. Counts per latency bucket (bounds 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms, then slower), together at most `requests`; the service spreads each count evenly over its bucket
                         */
                        latencyBuckets?: number[];
                        /**
                         * Format: uuid
                         * @description The canary the SDK attributed these to; outcomes for another canary are ignored
                         */
                        canaryId?: string;
                    }[];
                    /** @description Chaos faults the SDK injected since its last report */
                    chaos?: {
                        /** Format: uuid */
                        ruleId: string;
                        /** @description Faults injected under this rule since the last report */
                        injected: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Counted (or, for a replayed key, counted before) */
            202: {
                headers: {
                    /** @description `true` when the Idempotency-Key was committed before: the answer is the first one, nothing was counted now */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accepted": 2,
                     *       "ignored": 0
                     *     }
                     */
                    "application/json": {
                        accepted: number;
                        ignored: number;
                    };
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamClientChanges: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description The client token, for callers that cannot send Authorization (navigator.sendBeacon); a header is preferred
                 * @example sluice_client_Qm9vZ2xlIGRvZXMgbm90IGtub3cgdGhpcyB0b2tlbg
                 */
                clientKey?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or open streams for this token */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "code": "SLUICE_TOO_MANY_STREAMS",
                     *       "message": "this token already has 5000 open streams on this replica; close some or use another token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportClientOutcomes: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description The client token, for callers that cannot send Authorization (navigator.sendBeacon); a header is preferred
                 * @example sluice_client_Qm9vZ2xlIGRvZXMgbm90IGtub3cgdGhpcyB0b2tlbg
                 */
                clientKey?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "flagKey": "checkout_redesign",
                 *           "side": "canary",
                 *           "requests": 40,
                 *           "errors": 3,
                 *           "latencyMsSum": 5200
                 *         },
                 *         {
                 *           "flagKey": "checkout_redesign",
                 *           "side": "baseline",
                 *           "requests": 410,
                 *           "errors": 2,
                 *           "latencyMsSum": 49000
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    items: {
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        flagKey: string;
                        /**
                         * @description canary: the flag evaluated on for the request; baseline: off
                         * @enum {string}
                         */
                        side: "canary" | "baseline";
                        requests: number;
                        /** @description At most `requests` */
                        errors: number;
                        /** @description At most `requests` × 3600000 (an hour per request; SDKs clamp longer latencies to an hour) */
                        latencyMsSum: number;
                        /**
                         * @description Latencies as @sluice/core's sketch: bucket index → count, together at most `requests`. Bucket i holds latencies in (γ^(i−1), γ^i] ms with γ = (1 + α)/(1 − α), α = 0.02, so every quantile read from it is within 2% of the true one; indices run from ⌈log_γ 0.001⌉ to ⌈log_γ 3600000⌉
                         * @example {
                         *       "134": 40,
                         *       "135": 71,
                         *       "136": 9
                         *     }
                         */
                        latencySketch?: {
                            [key: string]: number;
                        };
                        /**
                         * @deprecated
                         * @description Deprecated: what SDKs sent before `latencySketch`, still accepted. Counts per latency bucket (bounds 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms, then slower), together at most `requests`; the service spreads each count evenly over its bucket
                         */
                        latencyBuckets?: number[];
                        /**
                         * Format: uuid
                         * @description The canary the SDK attributed these to; outcomes for another canary are ignored
                         */
                        canaryId?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Counted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accepted": 2,
                     *       "ignored": 0
                     *     }
                     */
                    "application/json": {
                        accepted: number;
                        ignored: number;
                    };
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or open streams for this token */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "code": "SLUICE_TOO_MANY_STREAMS",
                     *       "message": "this token already has 5000 open streams on this replica; close some or use another token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listApiTokens: {
        parameters: {
            query?: {
                /** @description Include revoked tokens */
                includeRevoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tokens, without their secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example checkout-service */
                    name: string;
                    /**
                     * @description admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check, OFREP; client: OFREP evaluation, the client stream and outcomes only (safe to ship in a web page); deployer: report the outcome of a deployment rollback (POST /admin/deployments/{id}/status), nothing else
                     * @enum {string}
                     */
                    role: "admin" | "operator" | "viewer" | "sdk" | "client" | "deployer";
                    /**
                     * @description sdk and client tokens only: the one environment the token sees; absent = the server's DEFAULT_ENVIRONMENT
                     * @example staging
                     */
                    environment?: string;
                    /** @description admin/operator/viewer tokens only: the environments the token may touch; absent = every environment */
                    environments?: string[];
                };
            };
        };
        responses: {
            /** @description Created; `token` is shown this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiToken"];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    whoAmI: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token that made the request, with the environments it may touch */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoAmI"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked: the token stops working at once */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state (duplicate key, in use, already active) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "code": "SLUICE_FLAG_EXISTS",
                     *       "message": "a feature flag with key \"new_payment_flow\" already exists"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                /** @example feature_flag */
                entityType?: string;
                /** @example new_payment_flow */
                entityKey?: string;
                /** @example oncall-alice */
                actor?: string;
                /** @example flag.updated */
                action?: string;
                /**
                 * @description Only entries about this environment; absent = every environment the token may see, and global entries
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description Only entries with a smaller id (pagination)
                 * @example 1842
                 */
                before?: number;
                /** @description At most this many (default 100, max 1000) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntry"][];
                };
            };
            /** @description The request is malformed; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "code": "SLUICE_VALIDATION",
                     *       "message": "percentage: must be ≤ 100"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ofrepEvaluateFlag: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                 * @example new_payment_flow
                 */
                key: string;
            };
            cookie?: never;
        };
        /** @description The context to evaluate for */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "context": {
                 *         "targetingKey": "user-42",
                 *         "plan": "pro"
                 *       }
                 *     }
                 */
                "application/json": {
                    /**
                     * @description OpenFeature's evaluation context. `targetingKey` is the userId; `sessionId`, `ip`, `appName`, `environment` and `currentTime` are read as themselves; every other string, number or boolean is an attribute rules can constrain
                     * @example {
                     *       "targetingKey": "user-42",
                     *       "plan": "pro",
                     *       "country": "NL"
                     *     }
                     */
                    context: {
                        /** @description The subject's id: Sluice's userId */
                        targetingKey?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description The answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key": "checkout_redesign",
                     *       "reason": "SPLIT",
                     *       "variant": "blue",
                     *       "value": {
                     *         "color": "#1d4ed8"
                     *       },
                     *       "metadata": {
                     *         "enabled": true,
                     *         "sluiceReason": "rollout"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        key: string;
                        /** @enum {string} */
                        reason: "STATIC" | "TARGETING_MATCH" | "SPLIT" | "DISABLED" | "UNKNOWN";
                        /** @description The variant the flag handed out; absent for a flag without variants */
                        variant?: string;
                        /** @description A flag without variants: true or false. A flag with variants that is on: its variant's payload, or the variant key when it has none. A flag with variants that is off: absent, so the caller's default is used */
                        value?: unknown;
                        /** @description What Sluice adds: the on/off answer and its reason */
                        metadata: {
                            /** @description Whether the flag is on for this context */
                            enabled: boolean;
                            /**
                             * @description The engine's own reason, finer than OFREP's
                             * @enum {string}
                             */
                            sluiceReason: "not_found" | "archived" | "disabled" | "default" | "rollout" | "out_of_rollout" | "missing_stickiness" | "targeted" | "not_targeted" | "error" | "rule_match" | "no_rule_matched" | "dependency_failed";
                        };
                    };
                };
            };
            /** @description The flag cannot be answered for this context (TARGETING_KEY_MISSING; GENERAL for a definition the engine cannot evaluate), the body is not JSON (PARSE_ERROR), or its context is not an object (INVALID_CONTEXT); a bad path parameter gets the service's usual error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key": "new_payment_flow",
                     *       "errorCode": "TARGETING_KEY_MISSING",
                     *       "errorDetails": "flag \"new_payment_flow\" is a percentage rollout: send a targetingKey (or a sessionId) so the answer is the same on every call"
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        key: string;
                        /** @enum {string} */
                        errorCode: "FLAG_NOT_FOUND" | "PARSE_ERROR" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "GENERAL";
                        /** @description What went wrong, naming the flag or the field */
                        errorDetails: string;
                        /** @description What Sluice adds: the on/off answer and its reason */
                        metadata?: {
                            /** @description Whether the flag is on for this context */
                            enabled: boolean;
                            /**
                             * @description The engine's own reason, finer than OFREP's
                             * @enum {string}
                             */
                            sluiceReason: "not_found" | "archived" | "disabled" | "default" | "rollout" | "out_of_rollout" | "missing_stickiness" | "targeted" | "not_targeted" | "error" | "rule_match" | "no_rule_matched" | "dependency_failed";
                        };
                    } | components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No flag with this key in the environment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key": "no_such_flag",
                     *       "errorCode": "FLAG_NOT_FOUND",
                     *       "errorDetails": "flag \"no_such_flag\" was not found in environment \"production\""
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                         * @example new_payment_flow
                         */
                        key: string;
                        /** @enum {string} */
                        errorCode: "FLAG_NOT_FOUND";
                        errorDetails: string;
                    };
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or open streams for this token */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "code": "SLUICE_TOO_MANY_STREAMS",
                     *       "message": "this token already has 5000 open streams on this replica; close some or use another token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ofrepEvaluateFlags: {
        parameters: {
            query?: {
                /**
                 * @description The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)
                 * @example staging
                 */
                environment?: string;
                /**
                 * @description OFREP event-stream metadata; accepted and not needed: the ETag already names the state
                 * @example "1842-Zx3pQe0bH2rW9yT5uV1aKc"
                 */
                flagConfigEtag?: string;
                /**
                 * @description OFREP event-stream metadata; accepted and not needed
                 * @example 1771622898
                 */
                flagConfigLastModified?: string;
            };
            header?: {
                /**
                 * @description The ETag you hold; 304 when it is still current
                 * @example "3"
                 */
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description The context to evaluate for */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "context": {
                 *         "targetingKey": "user-42",
                 *         "plan": "pro"
                 *       }
                 *     }
                 */
                "application/json": {
                    /**
                     * @description OpenFeature's evaluation context. `targetingKey` is the userId; `sessionId`, `ip`, `appName`, `environment` and `currentTime` are read as themselves; every other string, number or boolean is an attribute rules can constrain
                     * @example {
                     *       "targetingKey": "user-42",
                     *       "plan": "pro",
                     *       "country": "NL"
                     *     }
                     */
                    context: {
                        /** @description The subject's id: Sluice's userId */
                        targetingKey?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Every flag, answered */
            200: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "flags": [
                     *         {
                     *           "key": "dark_mode",
                     *           "reason": "STATIC",
                     *           "value": true,
                     *           "metadata": {
                     *             "enabled": true,
                     *             "sluiceReason": "default"
                     *           }
                     *         },
                     *         {
                     *           "key": "checkout_redesign",
                     *           "reason": "SPLIT",
                     *           "variant": "blue",
                     *           "value": {
                     *             "color": "#1d4ed8"
                     *           },
                     *           "metadata": {
                     *             "enabled": true,
                     *             "sluiceReason": "rollout"
                     *           }
                     *         }
                     *       ],
                     *       "metadata": {
                     *         "environment": "production",
                     *         "seq": 1842
                     *       }
                     *     }
                     */
                    "application/json": {
                        flags: ({
                            /**
                             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                             * @example new_payment_flow
                             */
                            key: string;
                            /** @enum {string} */
                            reason: "STATIC" | "TARGETING_MATCH" | "SPLIT" | "DISABLED" | "UNKNOWN";
                            /** @description The variant the flag handed out; absent for a flag without variants */
                            variant?: string;
                            /** @description A flag without variants: true or false. A flag with variants that is on: its variant's payload, or the variant key when it has none. A flag with variants that is off: absent, so the caller's default is used */
                            value?: unknown;
                            /** @description What Sluice adds: the on/off answer and its reason */
                            metadata: {
                                /** @description Whether the flag is on for this context */
                                enabled: boolean;
                                /**
                                 * @description The engine's own reason, finer than OFREP's
                                 * @enum {string}
                                 */
                                sluiceReason: "not_found" | "archived" | "disabled" | "default" | "rollout" | "out_of_rollout" | "missing_stickiness" | "targeted" | "not_targeted" | "error" | "rule_match" | "no_rule_matched" | "dependency_failed";
                            };
                        } | {
                            /**
                             * @description Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`
                             * @example new_payment_flow
                             */
                            key: string;
                            /** @enum {string} */
                            errorCode: "FLAG_NOT_FOUND" | "PARSE_ERROR" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "GENERAL";
                            /** @description What went wrong, naming the flag or the field */
                            errorDetails: string;
                            /** @description What Sluice adds: the on/off answer and its reason */
                            metadata?: {
                                /** @description Whether the flag is on for this context */
                                enabled: boolean;
                                /**
                                 * @description The engine's own reason, finer than OFREP's
                                 * @enum {string}
                                 */
                                sluiceReason: "not_found" | "archived" | "disabled" | "default" | "rollout" | "out_of_rollout" | "missing_stickiness" | "targeted" | "not_targeted" | "error" | "rule_match" | "no_rule_matched" | "dependency_failed";
                            };
                        })[];
                        /** @description The environment answered for, and the change-log seq of its state */
                        metadata: {
                            environment: string;
                            seq: number;
                        };
                    };
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not JSON (PARSE_ERROR) or its context not an object (INVALID_CONTEXT); a bad query parameter gets the service's usual error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errorCode": "INVALID_CONTEXT",
                     *       "errorDetails": "context: must be object"
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        errorCode: "PARSE_ERROR" | "INVALID_CONTEXT" | "GENERAL";
                        errorDetails: string;
                    } | components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked bearer token */
            401: {
                headers: {
                    /** @description Bearer realm="sluice" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "code": "SLUICE_UNAUTHORIZED",
                     *       "message": "missing bearer token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this, or the environment forbids it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "code": "SLUICE_FORBIDDEN",
                     *       "message": "role viewer may not do this"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such entity */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "code": "SLUICE_FLAG_NOT_FOUND",
                     *       "message": "no feature flag with key \"new_payment_flow\""
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is declared as something other than JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "code": "SLUICE_BODY_TOO_LARGE",
                     *       "message": "Request body is too large"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or open streams for this token */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "code": "SLUICE_TOO_MANY_STREAMS",
                     *       "message": "this token already has 5000 open streams on this replica; close some or use another token"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "code": "SLUICE_DATABASE_UNAVAILABLE",
                     *       "message": "database unavailable: connection refused (ECONNREFUSED)"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
