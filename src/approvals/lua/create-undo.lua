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
if #ARGV >= 6 + 2 * n then
  hsetRange(outKey, 6 + 2 * n, #ARGV)
end
redis.call('PEXPIRE', reqKey, ARGV[1])
redis.call('PEXPIRE', outKey, ARGV[1])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -(tonumber(ARGV[4]) + 1))

redis.call('HSET', stopKey, 'undoneBy', ARGV[2])
redis.call('HINCRBY', stopKey, 'version', 1)
redis.call('PEXPIRE', stopKey, ARGV[1])
return {'ok', redis.call('HGETALL', stopKey)}
