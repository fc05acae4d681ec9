--[[
  Add an event to a request's history. A refused click is kept only while the
  request has fewer than ARGV[3] of them; after that it is only counted, so
  refused clicks can never push the request's decisions out.

  Input:
    KEYS[1] the request's audit stream (field `e` = JSON AuditEvent)
    KEYS[2] the request's refused-click hash: `_kept` = refused events kept,
            `${type}:${reason}` = refused events counted, not kept

    ARGV[1] the event, JSON
    ARGV[2] '' for a decision event; `${type}:${reason}` for a refused click
    ARGV[3] refused events kept per request
    ARGV[4] events kept per request (a safety bound on the stream)
    ARGV[5] ttlMs

  Output:
    1  kept as an event
    0  counted only
]]
if ARGV[2] ~= '' then
  local kept = tonumber(redis.call('HGET', KEYS[2], '_kept') or '0')
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  if kept >= tonumber(ARGV[3]) then
    redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    return 0
  end
  redis.call('HINCRBY', KEYS[2], '_kept', 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
