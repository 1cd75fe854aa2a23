-- PolicyLint for Neovim (0.7 or later): the config the README shows, kept here so a test can
-- load it as it is. Set POLICYLINT_SERVER, or edit the path below.
local server = os.getenv('POLICYLINT_SERVER') or vim.fn.expand('~/policylint/server/dist/server.mjs')
local client_id

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'text', 'tex' },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'policylint',
      cmd = { 'node', server, '--stdio' },
      root_dir = vim.fn.getcwd(),
      settings = { policylint = { rules = { ['one-sided-interests'] = 'off' } } },
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
