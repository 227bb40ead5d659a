-- Reads a value and its remaining time to live at once, so that a copy kept elsewhere (the near cache) never
-- outlives the entry: GET and PTTL in one atomic step.
-- KEYS[1]  entry key
-- Returns {value, pttl}: value nil when absent; pttl the remaining milliseconds, -1 without expiry, -2 absent.
return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
