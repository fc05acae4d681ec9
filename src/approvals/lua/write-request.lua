--[[
  Shared by create.lua and create-undo.lua (put in front of them by
  lua-scripts.ts): write a new request's hash and first outcomes from ARGV, in
  the layout those scripts describe, and index it as active and recent.
]]

-- HSET in slices: Lua's unpack() has a limit far below 5,000 targets.
local function hsetRange(key, first, last)
  local i = first
  while i <= last do
    local j = math.min(i + 999, last)
    redis.call('HSET', key, unpack(ARGV, i, j))
    i = j + 1
  end
end

local function writeRequest(reqKey, outKey, activeKey, recentKey)
  local n = tonumber(ARGV[5])
  hsetRange(reqKey, 6, 5 + 2 * n)
  redis.call('DEL', outKey)
  hsetRange(outKey, 6 + 2 * n, #ARGV)
  redis.call('PEXPIRE', reqKey, ARGV[1])
  redis.call('PEXPIRE', outKey, ARGV[1])
  redis.call('SADD', activeKey, ARGV[2])
  redis.call('ZADD', recentKey, ARGV[3], ARGV[2])
  redis.call('ZREMRANGEBYRANK', recentKey, 0, -(tonumber(ARGV[4]) + 1))
end
