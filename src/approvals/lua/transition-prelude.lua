--[[
  Prelude of the request transition scripts (decide, expire, finish, set-mode):
  lua-scripts.ts puts it in front of each of them, so they share one reading
  of the request and one way of committing a change.

    KEYS[1] is the request hash; KEYS[2..4] the request's other keys
    (outcomes, tracking, audit); any later KEYS are the script's own.
    state            the request's state, or nil when there is no such request
    refuse(reason)   {reason, HGETALL of the request}
    commit(ttlMs)    bump the version, renew the TTL of KEYS[1..4],
                     answer {'ok', HGETALL of the request}
]]
local key = KEYS[1]
local state = redis.call('HGET', key, 'state')

local function refuse(reason)
  return {reason, redis.call('HGETALL', key)}
end

local function commit(ttl)
  redis.call('HINCRBY', key, 'version', 1)
  for i = 1, 4 do
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
  return {'ok', redis.call('HGETALL', key)}
end

