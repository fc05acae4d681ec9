--[[
  pending -> expired once `now` has reached expiresAt (applyExpiry in transitions.ts).

  Input:
    KEYS[1] request hash
    KEYS[2..4] the request's other keys (outcomes, tracking, audit): TTL renewed on success
    KEYS[5] active set: the request leaves it

    ARGV[1] now, ms since epoch
    ARGV[2] ttlMs
    ARGV[3] request ID

  Output: {code} or {code, fields} where fields is HGETALL of the request afterwards
    'ok'           expired
    'not_pending'  not pending, or not yet past expiresAt
    'not_found'    no such request (no fields)
]]
if not state then
  return {'not_found'}
end
if state ~= 'pending' or tonumber(ARGV[1]) < tonumber(redis.call('HGET', key, 'expiresAt')) then
  return refuse('not_pending')
end

redis.call('HSET', key, 'state', 'expired', 'finishedAt', ARGV[1])
redis.call('SREM', KEYS[5], ARGV[3])
return commit(ARGV[2])
