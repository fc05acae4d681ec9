--[[
  Move the listed targets whose outcome state is one of `from` to a new outcome,
  atomically: how a worker claims targets to stop. A target is moved by exactly
  one of any number of concurrent callers.

  Input:
    KEYS[1] outcomes hash (targetId -> JSON outcome with a `state` field)

    ARGV[1] ttlMs
    ARGV[2] the new outcome, JSON
    ARGV[3] n: how many `from` states follow
    ARGV[4 .. 3+n] from states
    ARGV[4+n ..]   target IDs

  Output:
    the target IDs moved, in the order given (empty when none, or no such request)
]]
local key = KEYS[1]
local n = tonumber(ARGV[3])
local from = {}
for i = 4, 3 + n do
  from[ARGV[i]] = true
end

local moved = {}
for i = 4 + n, #ARGV do
  local current = redis.call('HGET', key, ARGV[i])
  if current and from[cjson.decode(current).state] then
    redis.call('HSET', key, ARGV[i], ARGV[2])
    moved[#moved + 1] = ARGV[i]
  end
end
if #moved > 0 then
  redis.call('PEXPIRE', key, ARGV[1])
end
return moved
