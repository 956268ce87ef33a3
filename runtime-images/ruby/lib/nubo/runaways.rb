# frozen_string_literal: true

require 'timeout'

module Nubo
  # Handler threads abandoned at their timeout. Each is asked to stop the Kubeless way (Timeout::Error),
  # then killed; one that survives both (it rescues everything, masks interrupts, sits in C code) is a
  # runaway, and /healthz answers 503 while it runs.
  class Runaways
    GRACE_SECONDS = 1.0

    def initialize
      @mutex = Mutex.new
      @abandoned = {} # thread => monotonic time after which it counts as a runaway
    end

    def stop(thread)
      @mutex.synchronize { @abandoned[thread] = now + (2 * GRACE_SECONDS) }
      thread.raise(Timeout::Error, 'execution expired')
      Thread.new { thread.kill unless thread.join(GRACE_SECONDS) }
    end

    def running?
      alive.any? { |_, runaway_after| now > runaway_after }
    end

    # Any abandoned thread still alive, runaway or not yet.
    def any_alive? = alive.any?

    private

    def alive
      @mutex.synchronize do
        @abandoned.select! { |thread, _| thread.alive? }
        @abandoned.dup
      end
    end

    def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
