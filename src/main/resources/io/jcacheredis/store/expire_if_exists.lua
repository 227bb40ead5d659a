-- Changes the TTL of a key only if it exists, and says whether it did: persist/expire of the Redis extension.
-- KEYS[1]  entry key
-- ARGV[1]  'e' remove the TTL (PERSIST), 'm' set a TTL of ARGV[2] milliseconds
-- Returns 1 when the key existed, 0 when it did not.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if ARGV[1] == 'e' then
  redis.call('PERSIST', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
