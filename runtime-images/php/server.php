<?php

// The Nubo runtime server for PHP: see docs/function-contract.md and README.md.

declare(strict_types=1);

foreach (['Clock', 'Record', 'Http', 'RequestParser', 'Metrics', 'FunctionSpec', 'Settings', 'ArchiveEntries', 'Source', 'SpecializeRequest',
    'Environment', 'OutputRedirect', 'FunctionLoader', 'Event', 'Invocation', 'Frame', 'Job', 'Worker', 'WorkerProcess', 'Runaways',
    'Pool', 'App', 'Connection', 'Server'] as $file) {
    require __DIR__ . "/lib/{$file}.php";
}

(new Nubo\Server(Nubo\Settings::fromEnv(getenv())))->run();
