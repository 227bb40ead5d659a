-- Prelude of the entry scripts for caches whose changes are not published: announce does nothing, and the scripts
-- read the previous value only when the caller asks for it.
local WANT_OLD = false
local function announce(kind, value, old)
end
