# frozen_string_literal: true

# Needs the gem `mygem`, which the dependency tests make and install from a local path.
require 'mygem'

def handler(event, _context) = Mygem.greet(event[:data])
