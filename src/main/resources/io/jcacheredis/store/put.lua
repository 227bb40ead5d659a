-- Writes one cache entry whose TTL depends on whether the entry already exists (JCache's creation vs update
-- expiry), optionally only when absent or only when present, and reports what was there. Atomic in Redis.
-- KEYS[1]  entry key
-- ARGV[1]  new value
-- ARGV[2]  condition: '*' always, 'a' only if absent, 'p' only if present
-- ARGV[3]  TTL on creation: 'e' none, 'x' expired (store nothing), 'm' ARGV[4] milliseconds
-- ARGV[5]  TTL on update:   'k' keep, 'e' none, 'x' expired (delete), 'm' ARGV[6] milliseconds
-- ARGV[7]  '1' to return the previous value
-- Returns { existed (0|1), written (0|1), previous value or nil }; written is 0 when the condition failed or the
-- new TTL was 'x' (the caller knows which). A write is announced as created or updated, a deletion by an update TTL
-- of 'x' as expired (see the prelude, no_events.lua or events.lua).
local key = KEYS[1]
local old = false
local existed
if ARGV[7] == '1' or WANT_OLD then
  old = redis.call('GET', key)
  existed = old and 1 or 0
else
  existed = redis.call('EXISTS', key)
end
local reply_old = ARGV[7] == '1' and old
local cond = ARGV[2]
if (cond == 'a' and existed == 1) or (cond == 'p' and existed == 0) then
  return { existed, 0, reply_old }
end
local mode, ms
if existed == 1 then
  mode, ms = ARGV[5], ARGV[6]
else
  mode, ms = ARGV[3], ARGV[4]
end
if mode == 'x' then
  if existed == 1 then
    redis.call('DEL', key)
    announce('x', old, old)
  end
  return { existed, 0, reply_old }
end
if mode == 'k' then
  redis.call('SET', key, ARGV[1], 'KEEPTTL')
elseif mode == 'e' then
  redis.call('SET', key, ARGV[1])
else
  redis.call('SET', key, ARGV[1], 'PX', ms)
end
announce(existed == 1 and 'u' or 'c', ARGV[1], old)
return { existed, 1, reply_old }
