--[[
  Store a start request that undoes a stop request, and link the stop request
  to it, in one step: only while the stop request is done and not yet undone.
  So a stop request has at most one start request.

  Input:
    KEYS[1] the stop request's hash
    KEYS[2] the start request's hash
    KEYS[3] the start request's outcomes hash (targetId -> JSON outcome)
    KEYS[4] active set (request IDs not yet final)
    KEYS[5] recent index (sorted set: request ID scored by createdAt)

    ARGV[1] ttlMs: the hashes expire this long after the last change
    ARGV[2] the start request's ID
    ARGV[3] createdAt (ms)
    ARGV[4] how many IDs the recent index keeps
    ARGV[5] n: how many start request field/value pairs follow
    ARGV[6 .. 5+2n] start request field, value, field, value ...
    ARGV[6+2n ..]   targetId, outcome JSON, targetId, outcome JSON ...

  Output:
    {'ok', HGETALL of the stop request (now linked)}
    {'not_found'}          no such stop request
    {'taken', startId}     the stop request already has a start request
    {'not_done'}           the stop request has not finished
    {'id_taken'}           the start request's ID is in use; nothing written
]]
local stopKey = KEYS[1]
local reqKey = KEYS[2]
local outKey = KEYS[3]
if redis.call('EXISTS', stopKey) == 0 then
  return {'not_found'}
end
local undone = redis.call('HGET', stopKey, 'undoneBy')
if undone then
  return {'taken', undone}
end
if redis.call('HGET', stopKey, 'state') ~= 'done' then
  return {'not_done'}
end
if redis.call('EXISTS', reqKey) == 1 then
  return {'id_taken'}
end

writeRequest(reqKey, outKey, KEYS[4], KEYS[5])

redis.call('HSET', stopKey, 'undoneBy', ARGV[2])
redis.call('HINCRBY', stopKey, 'version', 1)
redis.call('PEXPIRE', stopKey, ARGV[1])
return {'ok', redis.call('HGETALL', stopKey)}
