-- A real editor for otellint lsp: headless Neovim (0.7 or newer) opens a
-- file of the demo, starts `otellint lsp` as its language server, waits for
-- the spanerror diagnostic, asks for code actions on it, applies the
-- SetStatus fix with Neovim's own workspace-edit code, writes the buffer,
-- and waits for the diagnostic to go away. The outcome goes to $RESULT:
-- "ok", or "FAIL: <why>".
--
--   OTELLINT=/path/to/otellint FILE=/copy/of/demo/checkout/checkout.go RESULT=/tmp/out \
--     nvim --headless -u NONE -i NONE -n -c 'luafile testdata/lsp/neovim.lua'

local otellint = assert(os.getenv('OTELLINT'), 'OTELLINT')
local file = assert(os.getenv('FILE'), 'FILE')
local result = assert(os.getenv('RESULT'), 'RESULT')
local timeout = 180000

local function finish(msg)
  local f = assert(io.open(result, 'w'))
  f:write(msg, '\n')
  f:close()
  vim.cmd('qall!')
end

local function fail(msg) finish('FAIL: ' .. msg) end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local root = vim.fn.fnamemodify(file, ':h:h')
  local client_id = vim.lsp.start_client({
    name = 'otellint',
    cmd = { otellint, 'lsp', '--stdio' },
    root_dir = root,
  })
  if not client_id then return fail('vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(buf, client_id)

  local function lsp_code(d)
    if d.user_data and d.user_data.lsp and d.user_data.lsp.code then return d.user_data.lsp.code end
    return d.code
  end
  local function find(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if lsp_code(d) == code then return d end
    end
  end

  if not vim.wait(timeout, function() return find('spanerror') ~= nil end, 100) then
    return fail('no spanerror diagnostic from otellint lsp')
  end
  local d = find('spanerror')
  if d.lnum == d.end_lnum and d.col == d.end_col then
    return fail('the diagnostic has an empty range')
  end
  if d.source ~= 'otellint' then return fail('source is ' .. tostring(d.source)) end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { d.user_data and d.user_data.lsp or {} } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, timeout)
  local action
  for _, r in pairs(responses or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.title:find('^Set the status') then action = a end
    end
  end
  if not action then return fail('no "Set the status" code action; got ' .. vim.inspect(responses)) end
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  vim.cmd('write')

  if not vim.wait(timeout, function() return find('spanerror') == nil end, 100) then
    return fail('the spanerror diagnostic stayed after the fix was applied and written')
  end
  local text = table.concat(vim.fn.readfile(file), '\n')
  if not text:find('span.SetStatus(codes.Error, err.Error())', 1, true) then
    return fail('the written file lacks the SetStatus call')
  end
  finish('ok')
end)
if not ok then fail(tostring(err)) end
