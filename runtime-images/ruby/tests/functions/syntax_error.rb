def handler(event, context
  'missing parenthesis'
end
