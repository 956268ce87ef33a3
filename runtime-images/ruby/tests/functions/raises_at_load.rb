raise 'cannot start: no database'

def handler(_event, _context) = 'never'
