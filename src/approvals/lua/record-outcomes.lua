--[[
  Merge outcomes into a request's outcome hash. Only targets already in the
  hash are written, and a terminal outcome is never overwritten.

  Input:
    KEYS[1] outcomes hash (targetId -> JSON outcome with a `state` field)

    ARGV[1] ttlMs
    ARGV[2] n: how many terminal states follow (TERMINAL_OUTCOMES in types.ts)
    ARGV[3 .. 2+n] terminal states
    ARGV[3+n ..]   targetId, outcome JSON, targetId, outcome JSON ...

  Output:
    the number of outcomes written
]]
local key = KEYS[1]
local n = tonumber(ARGV[2])
local terminal = {}
for i = 3, 2 + n do
  terminal[ARGV[i]] = true
end

local written = 0
for i = 3 + n, #ARGV - 1, 2 do
  local current = redis.call('HGET', key, ARGV[i])
  if current and not terminal[cjson.decode(current).state] then
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
    written = written + 1
  end
end
if written > 0 then
  redis.call('PEXPIRE', key, ARGV[1])
end
return written
