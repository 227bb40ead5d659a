package io.jcacheredis.cache;

/**
 * What {@link CacheFactory} decided for one cache before the cache exists.
 *
 * @param writePath how single-entry writes reach Redis
 * @param ignoredFailures when not null, the cache is handed out behind its failure-ignoring view ({@link
 *     FailureTolerantCache}) and its async extension completes with fallbacks instead of Redis failures
 * @param throwOnUnreadableValues whether a value that cannot be read throws instead of missing
 * @param asyncExtension which async extension the cache has
 * @param workerCalls how the async extension runs the operations it runs on the workers: {@link ExecutorWorkerCalls}
 *     when the manager's store sends without waiting (the multiplexed mode), else {@link DeferredWorkerCalls}
 */
record Wiring(WritePath.Kind writePath, IgnoredFailures ignoredFailures, boolean throwOnUnreadableValues,
    AsyncExtensionKind asyncExtension, WorkerCalls workerCalls) {
}
