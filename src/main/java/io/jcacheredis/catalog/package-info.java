/**
 * The catalog of caches kept in Redis: each cache's configuration, stored when a cache manager creates the cache so
 * that a manager in another JVM finds it, with its types and expiry, by name. It sits above the Redis store it
 * writes through and below the provider that uses it; the settings of a manager ({@code configuration}) know
 * nothing of it.
 */
package io.jcacheredis.catalog;
