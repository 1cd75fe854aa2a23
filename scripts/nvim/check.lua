-- Headless check of policylint.lua: open the sample draft, wait for PolicyLint's diagnostics,
-- ask for code actions on the first one, print what came back, and quit with 0 or 1.
local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(0) >= 5
end, 100)
local diags = vim.diagnostic.get(0)
print(string.format('diagnostics: %d', #diags))
if not ok then
  print('FAIL: no diagnostics')
  vim.cmd('cquit 1')
end
local first = diags[1]
print(string.format('first: %d:%d %s', first.lnum + 1, first.col + 1, first.message))
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, first.lnum) }
local results = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
local titles = {}
for _, res in pairs(results) do
  for _, action in ipairs(res.result or {}) do table.insert(titles, action.title) end
end
print('actions: ' .. table.concat(titles, ' | '))
if #titles == 0 then vim.cmd('cquit 1') end
vim.cmd('qall!')
