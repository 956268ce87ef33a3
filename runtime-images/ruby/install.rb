# frozen_string_literal: true

# runtime.json's install step, run in the deps dir: `bundle install` of ./Gemfile into BUNDLE_PATH.
# Bundler gives up quickly on a host it cannot resolve, but waits forever on a gem source that accepts
# connections and never answers; the deadline turns that into a failure with a clear message.
require 'fileutils'
require 'rbconfig'

deadline = Float(ENV.fetch('NUBO_INSTALL_DEADLINE_SECONDS', '50'))
# Bundler warns about (and works around) a HOME that does not exist yet.
FileUtils.mkdir_p(ENV['HOME']) if ENV['HOME']

pid = Process.spawn(RbConfig.ruby, Gem.bin_path('bundler', 'bundle'), 'install', pgroup: true)
waiter = Process.detach(pid)
if waiter.join(deadline)
  exit(waiter.value.exitstatus || 1)
end

Process.kill('KILL', -pid)
warn "Error: bundle install did not finish within #{deadline.round} s; " \
     'is every gem source in the Gemfile reachable from this machine?'
exit 1
