-- Deletes one cache entry and returns its value: GETDEL and DEL of caches whose changes are published.
-- KEYS[1]  entry key
-- ARGV[1]  how the change is announced: 'r' removed, 'x' expired (an access expiry of zero)
-- Returns the previous value, or nil when absent.
local old = redis.call('GET', KEYS[1])
if old then
  redis.call('DEL', KEYS[1])
  announce(ARGV[1], old, old)
end
return old
