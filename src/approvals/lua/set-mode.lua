--[[
  Change the stop mode (SOFT/HARD) of a pending request (applyMode in transitions.ts).

  Input:
    KEYS[1] request hash
    KEYS[2..4] the request's other keys (outcomes, tracking, audit): TTL renewed on success

    ARGV[1] mode
    ARGV[2] now, ms since epoch
    ARGV[3] MAX_MODE_CHANGES: refused once the version (1 + changes so far) is above it
    ARGV[4] ttlMs

  Output: {code} or {code, fields} where fields is HGETALL of the request afterwards
    'ok'               mode set
    'already_decided'  not pending
    'expired'          now >= expiresAt
    'not_allowed'      mode is not in the request's `modes` (a JSON array)
    'too_many_changes' the mode was changed MAX_MODE_CHANGES times already
    'not_found'        no such request (no fields)
]]
if not state then
  return {'not_found'}
end
if state ~= 'pending' then
  return refuse('already_decided')
end
if tonumber(ARGV[2]) >= tonumber(redis.call('HGET', key, 'expiresAt')) then
  return refuse('expired')
end
local offered = false
for _, m in ipairs(cjson.decode(redis.call('HGET', key, 'modes'))) do
  if m == ARGV[1] then
    offered = true
  end
end
if not offered then
  return refuse('not_allowed')
end
if tonumber(redis.call('HGET', key, 'version')) > tonumber(ARGV[3]) then
  return refuse('too_many_changes')
end

redis.call('HSET', key, 'mode', ARGV[1])
return commit(ARGV[4])
