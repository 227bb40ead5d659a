-- Adds to an existing cache entry holding a decimal integer (INCRBY), then applies the update TTL.
-- A missing entry is not created (the extension's incr reports it instead).
-- KEYS[1]  entry key
-- ARGV[1]  delta
-- ARGV[2]  TTL on update: 'k' keep, 'e' none, 'm' ARGV[3] milliseconds ('x' is not used: INCR never expires at once)
-- Returns the new value (an integer reply); nil when the entry is missing; INCRBY's error text (a bulk string) when
-- the value is not an integer or the sum overflows. Scalar replies only: a table costs Redis and the client more.
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return false
end
local old = WANT_OLD and redis.call('GET', key)
local result = redis.pcall('INCRBY', key, ARGV[1])
if type(result) == 'table' then
  return result.err
end
if WANT_OLD then
  announce('u', redis.call('GET', key), old)
end
if ARGV[2] == 'e' then
  redis.call('PERSIST', key)
elseif ARGV[2] == 'm' then
  redis.call('PEXPIRE', key, ARGV[3])
end
return result
