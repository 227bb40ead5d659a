-- Prelude of the entry scripts for caches whose changes other JVMs listen to: announce publishes the change in the
-- same script as the write, so the messages of one key are in the order Redis applied the changes.
-- ARGV[#ARGV - 1]  the cache's event channel
-- ARGV[#ARGV]      the id of the writing cache manager (its own listeners are called in its JVM, not from here)
-- The message: the kind ('c' created, 'u' updated, 'r' removed, 'x' expired), then the manager id, the entry key,
-- the value and the previous value, each as <length>:<bytes>, or '-' when absent.
local WANT_OLD = true
local EVENT_CHANNEL, EVENT_ORIGIN = ARGV[#ARGV - 1], ARGV[#ARGV]
local function field(bytes)
  if not bytes then
    return '-'
  end
  return #bytes .. ':' .. bytes
end
local function announce(kind, value, old)
  redis.call('PUBLISH', EVENT_CHANNEL, kind .. field(EVENT_ORIGIN) .. field(KEYS[1]) .. field(value) .. field(old))
end
