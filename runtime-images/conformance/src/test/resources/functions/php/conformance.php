<?php

// The conformance fixture (runtime-images/conformance/README.md): dispatches on the first path segment.
// Kubeless style: $event and $context are objects.

function handler($event, $context)
{
    switch (explode('/', $event->extensions->request->path)[1] ?? '') {
        case 'hello':
            return 'hello world';
        case 'echo':
            return $event->data;
        case 'describe':
            return describe($event, $context);
        case 'json':
            return ['a' => 1, 'b' => [true, null, 'x']];
        case 'bytes':
            return "\x00\x01\x02";
        case 'none':
            return null;
        case 'fail':
            throw new RuntimeException('boom');
        case 'hang':
            while (true) {
            }
        case 'size':
            return (string) mb_strlen($event->data);
        case 'env':
            return (string) getenv('CONFORMANCE_GREETING');
        case 'print':
            return print_lines($event->data);
        default:
            return 'unknown path';
    }
}

// The body as a marker on stdout, stderr and from a child process: all of it is the function's log.
function print_lines($marker)
{
    echo "stdout $marker\n";
    fwrite(STDERR, "stderr $marker\n");
    $child = proc_open(['sh', '-c', 'echo "child $1"', 'sh', $marker], [], $pipes); // inherits stdout
    proc_close($child);
    return 'printed';
}

function describe($event, $context)
{
    $request = $event->extensions->request;
    return [
        'eventId' => $event->{'event-id'}, 'eventType' => $event->{'event-type'},
        'eventTime' => $event->{'event-time'}, 'eventNamespace' => $event->{'event-namespace'},
        'functionName' => $context->{'function-name'}, 'timeout' => $context->timeout,
        'runtime' => $context->runtime, 'memoryLimit' => $context->{'memory-limit'},
        'method' => $request->method, 'path' => $request->path, 'dataType' => data_type($event->data),
    ];
}

function data_type($data)
{
    return match (true) {
        is_object($data) => 'object',
        is_array($data) => 'array',
        is_string($data) => 'string',
        is_int($data), is_float($data) => 'number',
        is_bool($data) => 'boolean',
        default => 'null',
    };
}
