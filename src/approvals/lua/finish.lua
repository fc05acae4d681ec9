--[[
  approved -> done (applyFinish in transitions.ts).

  Input:
    KEYS[1] request hash
    KEYS[2..4] the request's other keys (outcomes, tracking, audit): TTL renewed on success
    KEYS[5] active set: the request leaves it

    ARGV[1] now, ms since epoch
    ARGV[2] ttlMs
    ARGV[3] request ID

  Output: {code} or {code, fields} where fields is HGETALL of the request afterwards
    'ok'           done
    'not_pending'  not approved
    'not_found'    no such request (no fields)
]]
local key = KEYS[1]
local state = redis.call('HGET', key, 'state')
if not state then
  return {'not_found'}
end
if state ~= 'approved' then
  return {'not_pending', redis.call('HGETALL', key)}
end

redis.call('HSET', key, 'state', 'done', 'finishedAt', ARGV[1])
redis.call('HINCRBY', key, 'version', 1)
redis.call('SREM', KEYS[5], ARGV[3])
for i = 1, 4 do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return {'ok', redis.call('HGETALL', key)}
