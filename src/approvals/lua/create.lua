--[[
  Store a new request and its first outcomes, unless the ID is taken.

  Input:
    KEYS[1] request hash
    KEYS[2] outcomes hash (targetId -> JSON outcome)

    ARGV[1] ttlMs: both keys expire this long after the last change
    ARGV[2] n: how many request field/value pairs follow
    ARGV[3 .. 2+2n] request field, value, field, value ...
    ARGV[3+2n ..]   targetId, outcome JSON, targetId, outcome JSON ...

  Output:
    1  created
    0  the ID is taken; nothing written
]]
local reqKey = KEYS[1]
local outKey = KEYS[2]
if redis.call('EXISTS', reqKey) == 1 then
  return 0
end

-- HSET in slices: Lua's unpack() has a limit far below 5,000 targets.
local function hsetRange(key, first, last)
  local i = first
  while i <= last do
    local j = math.min(i + 999, last)
    redis.call('HSET', key, unpack(ARGV, i, j))
    i = j + 1
  end
end

local n = tonumber(ARGV[2])
hsetRange(reqKey, 3, 2 + 2 * n)
redis.call('DEL', outKey)
hsetRange(outKey, 3 + 2 * n, #ARGV)
redis.call('PEXPIRE', reqKey, ARGV[1])
redis.call('PEXPIRE', outKey, ARGV[1])
return 1
