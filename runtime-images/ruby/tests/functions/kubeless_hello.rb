# A function written for Kubeless' ruby runtime, unchanged.
def foo(event, context)
  "hello #{event[:data]['name']} from #{context[:'function-name']}"
end
