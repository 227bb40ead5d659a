package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisSettings;

/**
 * What a {@link SingleLinkClient} to the server of a built-in client is made of: how its multiplexed connection is
 * opened, where the commands that need a connection of their own would go, and the timeouts.
 *
 * @param opener opens a multiplexed connection to the server (for a sentinel: to the master named now)
 * @param dedicated the client's pooled command path
 * @param settings the manager's settings (timeouts, endpoint)
 */
record LinkSource(LinkOpener opener, RedisFailures dedicated, RedisSettings settings) {
}
