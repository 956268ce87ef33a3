<?php

// runtime.json's install step, run in the deps dir: `composer install` of ./composer.json into ./vendor.
// Composer gives up quickly on a host it cannot resolve, but waits up to a minute per file on a
// repository that accepts connections and never answers; the deadline turns that into a failure with
// a clear message.

declare(strict_types=1);

$deadline = (float) (getenv('NUBO_INSTALL_DEADLINE_SECONDS') ?: '50');
$command = ['composer', 'install', '--no-interaction', '--no-progress'];

$process = proc_open($command, [STDIN, STDOUT, STDERR], $pipes);
if ($process === false) {
    fwrite(STDERR, "Error: cannot run composer; is it installed?\n");
    exit(1);
}
$stopAt = hrtime(true) / 1e9 + $deadline;
while (($status = proc_get_status($process))['running']) {
    if (hrtime(true) / 1e9 >= $stopAt) {
        proc_terminate($process, SIGKILL);
        fwrite(STDERR, sprintf("Error: composer install did not finish within %d s; is every repository in "
            . "composer.json reachable from this machine?\n", $deadline));
        exit(1);
    }
    usleep(100_000);
}
exit($status['exitcode']);
