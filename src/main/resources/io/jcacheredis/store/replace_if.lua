-- Replaces a cache entry's value only if it holds exactly the expected one: replace(key, old, new), atomic in Redis.
-- KEYS[1]  entry key
-- ARGV[1]  expected value
-- ARGV[2]  new value
-- ARGV[3]  TTL on update: 'k' keep, 'e' none, 'x' expired (delete), 'm' ARGV[4] milliseconds
-- Returns 1 when replaced, 0 when the value differs, -1 when the entry is absent.
local key = KEYS[1]
local current = redis.call('GET', key)
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
local ttl = ARGV[3]
if ttl == 'x' then
  redis.call('DEL', key)
elseif ttl == 'k' then
  redis.call('SET', key, ARGV[2], 'KEEPTTL')
elseif ttl == 'e' then
  redis.call('SET', key, ARGV[2])
else
  redis.call('SET', key, ARGV[2], 'PX', ARGV[4])
end
return 1
