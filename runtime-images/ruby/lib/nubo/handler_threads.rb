# frozen_string_literal: true

require 'timeout'
require_relative 'runaways'

module Nubo
  # Threads that run handler calls. They are reused, because starting a thread per call halves the
  # throughput, and unbounded, so a call never waits for a free one. A thread whose call ran past its
  # timeout is abandoned: never reused, and handed to Runaways to be stopped.
  class HandlerThreads
    MAX_IDLE = 64

    Worker = Struct.new(:thread, :inbox)

    def initialize(runaways)
      @runaways = runaways
      @idle = []
      @mutex = Mutex.new
    end

    # Runs the block in a handler thread: its value, or nil when it took longer than `timeout` seconds.
    def run(timeout, &work)
      call = Call.new(work)
      worker = checkout
      worker.inbox << call
      outcome = call.wait(timeout)
      @runaways.stop(worker.thread) if call.abandoned?
      outcome
    end

    private

    def checkout
      @mutex.synchronize { @idle.pop } || start_worker
    end

    # False when enough threads are idle already: this one ends.
    def checkin(worker)
      @mutex.synchronize { @idle.size < MAX_IDLE && @idle.push(worker) }
    end

    def start_worker
      inbox = Queue.new
      thread = Thread.new do
        Thread.current.report_on_exception = false
        # Runaways' Timeout::Error must land in the handler, never in this bookkeeping.
        Thread.handle_interrupt(Timeout::Error => :never) { serve(Worker.new(Thread.current, inbox)) }
      end
      Worker.new(thread, inbox)
    end

    def serve(worker)
      while (call = worker.inbox.pop)
        break unless call.run && checkin(worker)
      end
    end

    # One call handed from the connection's thread to a handler thread.
    class Call
      def initialize(work)
        @work = work
        @mutex = Mutex.new
        @finished = ConditionVariable.new
        @state = :waiting
        @outcome = nil
      end

      # In the handler thread; false when the caller gave up meanwhile.
      def run
        outcome = Thread.handle_interrupt(Timeout::Error => :immediate) { @work.call }
        @mutex.synchronize do
          return false if @state == :abandoned

          @outcome = outcome
          @state = :done
          @finished.signal
          true
        end
      end

      # In the caller's thread: the outcome, or nil after `timeout` seconds (the call is then abandoned).
      def wait(timeout)
        deadline = now + timeout
        @mutex.synchronize do
          @finished.wait(@mutex, deadline - now) while @state == :waiting && now < deadline
          @state = :abandoned unless @state == :done
          @outcome
        end
      end

      def abandoned? = @state == :abandoned

      private

      def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end
  end
end
