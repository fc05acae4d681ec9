--[[
  Attach the card or progress message to a request. The version is left as it
  is: it counts changes of what the card shows, which this is not.
  Does nothing when the request does not exist.

  Input:
    KEYS[1] request hash

    ARGV[1] field: 'card' | 'progress'
    ARGV[2] message reference, JSON
    ARGV[3] ttlMs

  Output:
    1  set
    0  no such request
]]
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return 0
end
if ARGV[1] ~= 'card' and ARGV[1] ~= 'progress' then
  return redis.error_reply('set-ref.lua: unknown field')
end
redis.call('HSET', key, ARGV[1], ARGV[2])
redis.call('PEXPIRE', key, ARGV[3])
return 1
