--[[
  A start request that ended without starting anything (rejected, expired)
  frees the stop request it undoes for another: remove the link, only while it
  still names that start request, and bump the stop request's version.

  Input:
    KEYS[1] the stop request's hash
    ARGV[1] the start request's ID
    ARGV[2] ttlMs: the hash expires this long after the last change

  Output:
    {'ok', HGETALL of the stop request (now unlinked)}
    {'not_linked'}   the stop request is gone or not linked to that start request
]]
if redis.call('HGET', KEYS[1], 'undoneBy') ~= ARGV[1] then
  return {'not_linked'}
end
redis.call('HDEL', KEYS[1], 'undoneBy')
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'ok', redis.call('HGETALL', KEYS[1])}
