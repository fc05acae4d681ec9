--[[
  Store a new request and its first outcomes, unless the ID is taken, and add
  it to the index of active (not final) requests.

  Input:
    KEYS[1] request hash
    KEYS[2] outcomes hash (targetId -> JSON outcome)
    KEYS[3] active set (request IDs not yet final)
    KEYS[4] recent index (sorted set: request ID scored by createdAt)

    ARGV[1] ttlMs: both hashes expire this long after the last change
    ARGV[2] request ID
    ARGV[3] createdAt (ms)
    ARGV[4] how many IDs the recent index keeps
    ARGV[5] n: how many request field/value pairs follow
    ARGV[6 .. 5+2n] request field, value, field, value ...
    ARGV[6+2n ..]   targetId, outcome JSON, targetId, outcome JSON ...

  Output:
    1  created
    0  the ID is taken; nothing written
]]
local reqKey = KEYS[1]
local outKey = KEYS[2]
if redis.call('EXISTS', reqKey) == 1 then
  return 0
end

writeRequest(reqKey, outKey, KEYS[3], KEYS[4])
return 1
