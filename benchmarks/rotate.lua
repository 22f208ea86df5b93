-- wrk script: each request takes the next path from a file (one path a line), so the
-- search benchmark cycles through many queries. Usage: wrk ... -s rotate.lua URL -- paths.txt
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Start each thread at a different point so threads do not ask the same thing together.
  i = math.random(#paths)
end

function request()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i])
end
