--[[
  Store a new request and its first outcomes, unless the ID is taken, and add
  it to the index of active (not final) requests.

  Input:
    KEYS[1] request hash
    KEYS[2] outcomes hash (targetId -> JSON outcome)
    KEYS[3] active set (request IDs not yet final)
    KEYS[4] recent index (sorted set: request ID scored by createdAt)

    ARGV[1] ttlMs: both hashes expire this long after the last change
    ARGV[2] request ID
    ARGV[3] createdAt (ms)
    ARGV[4] how many IDs the recent index keeps
    ARGV[5] n: how many request field/value pairs follow
    ARGV[6 .. 5+2n] request field, value, field, value ...
    ARGV[6+2n ..]   targetId, outcome JSON, targetId, outcome JSON ...

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

local n = tonumber(ARGV[5])
hsetRange(reqKey, 6, 5 + 2 * n)
redis.call('DEL', outKey)
hsetRange(outKey, 6 + 2 * n, #ARGV)
redis.call('PEXPIRE', reqKey, ARGV[1])
redis.call('PEXPIRE', outKey, ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[4]) + 1))
return 1
