--[[
  pending -> approved | rejected, atomically.
  The same rules, in the same order, as applyDecision in transitions.ts.

  Input:
    KEYS[1] request hash
    KEYS[2..4] the request's other keys (outcomes, tracking, audit): TTL renewed on success
    KEYS[5] active set: a rejected request leaves it (an approved one stays until done)

    ARGV[1] action: 'approve' | 'reject'
    ARGV[2] user ID
    ARGV[3] at, ms since epoch
    ARGV[4] allowed by policy: '1' | '0'
    ARGV[5] selfApproval: '1' | '0'
    ARGV[6] the version the approver saw ('' = unknown): an approval needs it equal to `version`
    ARGV[7] ttlMs
    ARGV[8] request ID
    ARGV[9] a rejection's reason ('' = none): kept as `rejectReason`

  Output: {code} or {code, fields} where fields is HGETALL of the request afterwards
    'ok'               decided
    'already_decided'  not pending
    'expired'          at >= expiresAt
    'not_allowed'      the policy said no
    'self_approval'    the requester approving while selfApproval is off
    'stale'            an approval of a version that is not the current one
    'not_found'        no such request (no fields)
]]
if not state then
  return {'not_found'}
end
local action, user, at = ARGV[1], ARGV[2], ARGV[3]
if action ~= 'approve' and action ~= 'reject' then
  return redis.error_reply('decide.lua: unknown action')
end
if state ~= 'pending' then
  return refuse('already_decided')
end
if tonumber(at) >= tonumber(redis.call('HGET', key, 'expiresAt')) then
  return refuse('expired')
end
if ARGV[4] ~= '1' then
  return refuse('not_allowed')
end
if action == 'approve' and ARGV[5] ~= '1' and user == redis.call('HGET', key, 'requester') then
  return refuse('self_approval')
end
if action == 'approve' and ARGV[6] ~= redis.call('HGET', key, 'version') then
  return refuse('stale')
end

if action == 'approve' then
  redis.call('HSET', key, 'state', 'approved', 'decidedBy', user, 'decidedAt', at)
  redis.call('HDEL', key, 'finishedAt')
else
  redis.call('HSET', key, 'state', 'rejected', 'decidedBy', user, 'decidedAt', at, 'finishedAt', at)
  redis.call('SREM', KEYS[5], ARGV[8])
  if ARGV[9] ~= nil and ARGV[9] ~= '' then
    redis.call('HSET', key, 'rejectReason', ARGV[9])
  end
end
return commit(ARGV[7])
