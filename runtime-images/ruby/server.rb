# frozen_string_literal: true

# The Nubo runtime server for Ruby: see docs/function-contract.md and README.md.
require_relative 'lib/nubo/app'
require_relative 'lib/nubo/server'
require_relative 'lib/nubo/settings'

$stdout.sync = true
settings = Nubo::Settings.from_env(ENV)
app = Nubo::App.new(settings)
app.load_from_env
Nubo::Server.new(app, settings).run
