-- Neovim as a real LSP client of `ropa lsp` (run by tests/lsp_neovim.rs):
-- opens a seed file, waits for the diagnostics, asks for a hover and a
-- definition, and exits 0 only when all three are right. Written for the
-- API of Neovim 0.7 (Debian 12) and later.
local bin = os.getenv("ROPA_BIN")
local root = os.getenv("ROPA_ROOT")
local failures = 0

local function check(ok, what)
  io.stderr:write((ok and "ok   " or "FAIL ") .. what .. "\n")
  if not ok then failures = failures + 1 end
end

local client_id = vim.lsp.start_client({
  name = "ropa",
  cmd = { bin, "lsp" },
  root_dir = root,
})
check(client_id ~= nil, "the client starts `ropa lsp`")

vim.cmd("edit " .. root .. "/kontakt.ropa")
vim.lsp.buf_attach_client(0, client_id)

-- Diagnostics: P001 on `af_telia` (line 14, column 11, 1-based).
local got = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
check(got, "diagnostics arrive")
local p001 = false
for _, d in ipairs(vim.diagnostic.get(0)) do
  if d.code == "P001" and d.lnum == 13 and d.col == 10 then p001 = true end
end
check(p001, "P001 at kontakt.ropa:14:11")

local function request(method, line, col)
  vim.api.nvim_win_set_cursor(0, { line, col })
  local params = vim.lsp.util.make_position_params()
  local responses = vim.lsp.buf_request_sync(0, method, params, 10000) or {}
  for _, r in pairs(responses) do
    if r.result then return r.result end
  end
  return nil
end

-- Hover on the reference in `recipients af_telia`. The policy names no
-- country for Telia, so the hover says none is declared.
local line = vim.fn.search("^  recipients af_telia", "n")
local hover = request("textDocument/hover", line, 15)
local text = hover and hover.contents and hover.contents.value or ""
check(text:find("processor `af_telia`", 1, true) ~= nil, "hover names the processor")
check(text:find("country: not declared", 1, true) ~= nil, "hover gives its country")

-- Definition of the flow's target, declared in personuppgifter.ropa.
line = vim.fn.search("^flow af_phone_call -> af_case_file", "n")
local def = request("textDocument/definition", line, 25)
local first = def and (def[1] or def) or {}
local uri = first.uri or first.targetUri or ""
check(uri:find("personuppgifter.ropa", 1, true) ~= nil, "definition is in personuppgifter.ropa")
local start = (first.range or first.targetSelectionRange or {}).start or {}
check(start.line == 130, "definition is on line 131")

vim.lsp.stop_client(client_id)
if failures > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
