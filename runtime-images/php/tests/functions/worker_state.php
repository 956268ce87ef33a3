<?php

// State that lives as long as the worker process: a counter of the calls this worker took, and a
// shutdown function that says how many when the worker ends.

$callsTaken = 0;

register_shutdown_function(static function (): void {
    global $callsTaken;
    echo 'worker ' . getmypid() . " ends after {$callsTaken} calls\n";
});

function handler($event, $context)
{
    global $callsTaken;
    $callsTaken++;
    $request = $event->extensions->request;
    parse_str($request->query, $query);
    switch (explode('/', $request->path)[1]) {
        case 'count':
            return ['pid' => getmypid(), 'calls' => $callsTaken];
        case 'sleep':
            echo "sleeping {$query['seconds']}\n"; // tests wait for this line
            usleep((int) ((float) $query['seconds'] * 1e6));
            return ['pid' => getmypid(), 'slept' => (float) $query['seconds']];
        case 'exit':
            exit(3);
        case 'fatal':
            ini_set('memory_limit', '32M');
            return str_repeat('x', 64 * 1024 * 1024);
        case 'hang':
            echo "hanging\n";
            while (true) {
            }
        default:
            return 'unknown path';
    }
}
