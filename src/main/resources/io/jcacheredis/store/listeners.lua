-- Which cache managers have entry listeners on one cache, so that the others publish its changes only while someone
-- listens. Each listening manager holds a lease it renews; a manager that stops without dropping it (a crash) is
-- forgotten when the lease ends. Times are the server's clock, so the JVMs' clocks do not matter.
-- KEYS[1]  hash: field = manager id, value = the end of its lease (milliseconds)
-- ARGV[1]  'r' renew the lease of manager ARGV[2] for ARGV[3] ms; 'd' drop it; 'c' count the live leases of the
--          managers other than ARGV[2]
-- ARGV[4]  ('r', 'd') the control channel on which a new or dropped lease is announced, with message ARGV[5]
-- Returns for 'c' the count; for 'r' and 'd' 1 when the set of listening managers changed, else 0.
local key, op, id = KEYS[1], ARGV[1], ARGV[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if op == 'c' then
  local fields = redis.call('HGETALL', key)
  local live = 0
  for i = 1, #fields, 2 do
    if fields[i] ~= id and tonumber(fields[i + 1]) > now then
      live = live + 1
    end
  end
  return live
end
local changed
if op == 'r' then
  local lease = tonumber(ARGV[3])
  changed = redis.call('HSET', key, id, now + lease)
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields, 2 do
    if tonumber(fields[i + 1]) <= now then
      redis.call('HDEL', key, fields[i])
    end
  end
  redis.call('PEXPIRE', key, 2 * lease)
else
  changed = redis.call('HDEL', key, id)
end
if changed == 1 then
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return changed
