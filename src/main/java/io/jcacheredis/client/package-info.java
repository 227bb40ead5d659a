/**
 * The Redis clients a cache manager uses, built from its settings: a pool of connections to one server (TCP, TLS or
 * a unix socket) or to the master a Redis Sentinel names ({@link io.jcacheredis.client.ServerClient}), or one pool
 * per master of a Redis Cluster ({@link io.jcacheredis.client.ClusterClient}); in the multiplexed connection mode, a
 * few connections shared by all callers of one server or sentinel master ({@link
 * io.jcacheredis.client.MultiplexedClient}) or of each master of a cluster (the same {@code ClusterClient}); the gate that queues callers for
 * each node's pool ({@link io.jcacheredis.client.ConnectionGate}); one multiplexed connection set up by a first
 * command, for the near cache's tracking connection ({@link io.jcacheredis.client.SingleLinkClient}); and the
 * translation of Jedis' failures into {@link io.jcacheredis.RedisFailureException}s naming the server. {@link
 * io.jcacheredis.client.RedisClients} is the entry point; the entry commands the caches send are in {@code
 * io.jcacheredis.store}.
 */
package io.jcacheredis.client;
