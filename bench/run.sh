#!/usr/bin/env bash
# Builds and runs the jcache-redis vs raw Jedis benchmark in one go:
#   1. installs the provider (mvn -B -q install -DskipTests at the repository root),
#   2. packages bench/ into bench/target/jcache-redis-bench.jar (JMH benchmarks + runner, shaded),
#   3. runs it: an embedded Redis is started unless -Djcache.redis.url=... or JCACHE_REDIS_URL names a server;
#      the table is printed at the end and written to bench/results/ (latest.md, latest.csv, ratios.png, run.log).
#      With `cluster`, a Redis Cluster of 3 embedded masters is started instead (or the redis-cluster:// URL given is
#      used), raw Jedis runs on a RedisClusterClient, and the results go to bench/results/cluster/.
#
# Usage: bash bench/run.sh [short|long|smoke|latency|cost] [cluster] [-Dname=value ...]
#   short (default): 1 fork, 2 warmup x 1 s (4 at 8 threads, 5 for getAll/putAll), 5 measurement x 0.5 s per
#                    benchmark: about 10 minutes
#   long:            2 forks, 3 warmup x 3 s, 5 measurement x 5 s per benchmark: about 85 minutes (68 forks each way)
#   smoke:           checks that everything runs (numbers meaningless): about 4 minutes
#   latency:         no JMH: near-cache invalidation latency (io.jcacheredis.bench.InvalidationLatency), a writer in
#                    this JVM then one in a child JVM, 5000 writes each (-Dlatency.writes=N), printed and written to
#                    bench/results/latency.log: about a minute
#   cost:            no JMH: CPU time of the JVM and of the embedded Redis, and context switches, per call of get and
#                    put for the multiplexed contender and raw Jedis at 8 and 64 threads (io.jcacheredis.bench.CallCost,
#                    -Dcost.threads=..., -Dcost.contenders=multiplexed,provider,raw, -Dcost.rounds=3), printed and
#                    written to bench/results/cost.log: about 4 minutes
#   cluster:         the same on a 3-master Redis Cluster (combines with the above: `bash bench/run.sh long cluster`);
#                    also chosen by a redis-cluster:// URL in JCACHE_REDIS_URL or -Djcache.redis.url
#   -Dbench.threads=1,8,64 (above 8: get and put only)  -Dbench.crowd-threads=256 (callers of the get/put row, measured in calls per second of
#   wall-clock time; 0: none)  -Dbench.include='get_|put_' (regex on method names)  -Dbench.prof=stack (extra profilers)
#   -Dmaven.repo.local=/path/to/repository  (goes to both mvn commands, not to the benchmark)
#   -Djcache.redis.url=redis://host:6379/15  (the benchmark writes keys jcache:bench-*:* and rawkey:bench-*:* there,
#   and deletes them at the end of each benchmark)
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$bench_dir")"

profile=short
cluster=false
url="${JCACHE_REDIS_URL:-}"
jvm_args=()
mvn_args=()
for arg in "$@"; do
  case "$arg" in
    -Dprofile=*) profile="${arg#-Dprofile=}" ;;
    -Djcache.redis.url=*) url="${arg#-Djcache.redis.url=}"; jvm_args+=("$arg") ;;
    -Dmaven.repo.local=*) mvn_args+=("$arg") ;;
    -D*) jvm_args+=("$arg") ;;
    short|long|smoke) profile="$arg" ;;
    latency) profile=latency ;;
    cost) profile=cost ;;
    cluster) cluster=true ;;
    *) echo "usage: bash bench/run.sh [short|long|smoke|latency|cost] [cluster] [-Dname=value ...]" >&2; exit 2 ;;
  esac
done
# A cluster URL means cluster mode too, so its results never overwrite the single-server ones.
case "$url" in
  redis-cluster://*|rediss-cluster://*|REDIS-CLUSTER://*|REDISS-CLUSTER://*) cluster=true ;;
esac
results="$bench_dir/results"
if [ "$cluster" = true ]; then
  results="$bench_dir/results/cluster"
  jvm_args+=("-Dbench.cluster=true")
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' not found on PATH (need Java 17 and Maven)" >&2; exit 1; }
done

echo "== installing the provider (mvn -B -q install -DskipTests)"
(cd "$root_dir" && mvn -B -q ${mvn_args[@]+"${mvn_args[@]}"} install -DskipTests)
echo "== building bench/"
mvn -B -q ${mvn_args[@]+"${mvn_args[@]}"} -f "$bench_dir/pom.xml" package
mkdir -p "$results"
if [ "$profile" = cost ]; then
  echo "== measuring CPU and context switches per call"
  java ${jvm_args[@]+"${jvm_args[@]}"} -cp "$bench_dir/target/jcache-redis-bench.jar" \
    io.jcacheredis.bench.CallCost 2>&1 | tee "$results/cost.log"
  exit "${PIPESTATUS[0]}"
fi
if [ "$profile" = latency ]; then
  echo "== measuring near-cache invalidation latency"
  java ${jvm_args[@]+"${jvm_args[@]}"} -cp "$bench_dir/target/jcache-redis-bench.jar" \
    io.jcacheredis.bench.InvalidationLatency 2>&1 | tee "$results/latency.log"
  exit "${PIPESTATUS[0]}"
fi
echo "== running the $profile profile$([ "$cluster" = true ] && echo " on a Redis Cluster")"
java -Dbench.out="$results" ${jvm_args[@]+"${jvm_args[@]}"} \
  -jar "$bench_dir/target/jcache-redis-bench.jar" "$profile" 2>&1 | tee "$results/run.log"
