-- Applies one change to a cache entry only if the entry is in the state the caller expects: the commit step of every
-- read-decide-write operation (entry processors, write-through, caller-defined expiry policies), and replace(k, old,
-- new) / remove(k, old) on the direct path.
-- KEYS[1]  entry key
-- ARGV[1]  expected state: '*' anything, 'a' absent, 'v' present with exactly the value ARGV[2]
-- ARGV[3]  action: 's' set the value ARGV[4], 'd' delete, 't' change the TTL only
-- ARGV[5]  TTL: 'k' keep, 'e' none, 'x' expired (delete), 'm' ARGV[6] milliseconds
-- Returns 1 when applied; 0 when the entry is not as expected (the caller may retry); -1 when a value was
-- expected ('v') and the entry is absent. A set is announced as created or updated, a delete as removed, a set
-- with TTL 'x' as expired (see the prelude, no_events.lua or events.lua).
local key = KEYS[1]
local expect = ARGV[1]
local current = false
if expect ~= '*' or WANT_OLD then
  current = redis.call('GET', key)
end
if expect ~= '*' then
  if expect == 'a' then
    if current then return 0 end
  elseif not current then
    return -1
  elseif current ~= ARGV[2] then
    return 0
  end
end
local action, ttl = ARGV[3], ARGV[5]
if action == 'd' or ttl == 'x' then
  redis.call('DEL', key)
  if current then
    announce(action == 'd' and 'r' or 'x', current, current)
  end
elseif action == 's' then
  if ttl == 'k' then
    redis.call('SET', key, ARGV[4], 'KEEPTTL')
  elseif ttl == 'e' then
    redis.call('SET', key, ARGV[4])
  else
    redis.call('SET', key, ARGV[4], 'PX', ARGV[6])
  end
  announce(current and 'u' or 'c', ARGV[4], current)
elseif ttl == 'e' then
  redis.call('PERSIST', key)
elseif ttl == 'm' then
  redis.call('PEXPIRE', key, ARGV[6])
end
return 1
