-- Creates a hash with all its fields in one step, only if the key does not exist, so no reader ever sees some
-- fields without the others. Atomic in Redis; touches only KEYS[1].
-- KEYS[1]  hash key
-- ARGV     field, value, field, value, ...
-- Returns 1 when the hash was created, 0 when the key already existed (it is left as it is).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
