-- Deletes a cache entry only if it holds exactly the given value: remove(key, value), atomic in Redis.
-- KEYS[1]  entry key
-- ARGV[1]  expected value
-- Returns 1 when deleted, 0 when the value differs, -1 when the entry is absent.
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
