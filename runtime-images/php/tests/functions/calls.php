<?php

// The function most tests call: the first path segment picks the behaviour.

$greeting = 'set at the top level';

function handler($event, $context)
{
    $request = $event->extensions->request;
    switch (explode('/', $request->path)[1]) {
        case 'echo':
            return $event->data;
        case 'event':
            return describe($event, $context);
        case 'access':
            return access($event, $context);
        case 'text':
            return 'hello world';
        case 'json':
            return ['a' => 1, 'b' => [true, null, 'x']];
        case 'object':
            return (object) [];
        case 'number':
            return 42;
        case 'float':
            return 2.0;
        case 'boolean':
            return false;
        case 'bytes':
            return "\x00\x01\x02";
        case 'latin1':
            return "caf\xE9";
        case 'stream':
            $stream = fopen('php://memory', 'w+');
            fwrite($stream, "streamed\xFF");
            rewind($stream);
            return $stream;
        case 'none':
            return null;
        case 'fail':
            throw new InvalidArgumentException('boom');
        case 'out-of-memory':
            ini_set('memory_limit', '32M');
            return str_repeat('x', 64 * 1024 * 1024);
        case 'exit':
            exit(0);
        case 'hang':
            echo "hanging\n"; // tests wait for this line
            while (true) {
            }
        case 'sleep':
            parse_str($request->query, $query);
            $seconds = (float) ($query['seconds'] ?? 0.5);
            echo "sleeping {$seconds}\n"; // tests wait for this line
            usleep((int) ($seconds * 1e6));
            return "slept {$seconds}";
        case 'size':
            return (string) strlen($event->data);
        case 'print':
            echo "printed by the function {$request->query}\n";
            fwrite(STDERR, "warned by the function\n");
            return 'printed';
        case 'global':
            global $greeting;
            return $greeting;
        case 'counter':
            return (string) count_calls();
        default:
            return 'unknown path';
    }
}

function describe($event, $context)
{
    $request = $event->extensions->request;
    $fields = (array) $event;
    unset($fields['extensions']);
    return [
        'event' => $fields,
        'context' => $context,
        'request' => ['method' => $request->method, 'path' => $request->path, 'query' => $request->query,
            'headers' => $request->headers, 'bodyLength' => strlen($request->body)],
    ];
}

// Kubeless objects and array access see the same values.
function access($event, $context)
{
    return [
        'data' => $event->data === $event['data'],
        'eventId' => $event->{'event-id'} === $event['event-id'],
        'request' => $event->extensions->request === $event['extensions']['request'],
        'functionName' => $context->{'function-name'} === $context['function-name'],
        'isset' => isset($event['event-type']) && !isset($event['missing']),
        'dataIsObject' => is_object($event->data) ? get_class($event->data) : gettype($event->data),
    ];
}

// A static variable lives as long as the worker process that runs the call.
function count_calls()
{
    static $calls = 0;
    return ++$calls;
}
