--[[
  The newest requests in brief, in one round trip (the App Home's one read).

  Input:
    KEYS[1] recent index (sorted set: request ID scored by createdAt)
    ARGV[1] key prefix (request and outcome keys are derived from it, as in redis-keys.ts)
    ARGV[2] limit

  Output: a flat list, per request: ID, HMGET of the head fields
  (requester, state, mode, expiresAt, decidedBy, card, version), the body's brief JSON
  (provider, channel, reason, createdAt, target count) and the outcome counts
  as JSON. Requests whose keys have expired are left out (and dropped from the index).
]]
local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local out = {}
for _, id in ipairs(ids) do
  local reqKey = ARGV[1] .. ':req:{' .. id .. '}'
  local head = redis.call('HMGET', reqKey, 'requester', 'state', 'mode', 'expiresAt', 'decidedBy', 'card', 'version', 'body')
  if head[1] then
    local body = cjson.decode(head[8])
    local brief = cjson.encode({
      provider = body.provider, channel = body.channel, reason = body.reason,
      createdAt = body.createdAt, targets = #body.targets,
      operation = body.operation, undoes = body.undoes,
    })
    local counts = {}
    for _, v in ipairs(redis.call('HVALS', ARGV[1] .. ':out:{' .. id .. '}')) do
      local state = cjson.decode(v).state
      counts[state] = (counts[state] or 0) + 1
    end
    local countsJson = '{}'
    if next(counts) ~= nil then countsJson = cjson.encode(counts) end
    table.insert(out, id)
    for i = 1, 7 do table.insert(out, head[i] or '') end
    table.insert(out, brief)
    table.insert(out, countsJson)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
