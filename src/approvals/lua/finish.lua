--[[
  approved -> done (applyFinish in transitions.ts).

  Input:
    KEYS[1] request hash
    KEYS[2..] the request's other keys (outcomes, tracking, audit): TTL renewed on success

    ARGV[1] now, ms since epoch
    ARGV[2] ttlMs

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
for i = 1, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return {'ok', redis.call('HGETALL', key)}
