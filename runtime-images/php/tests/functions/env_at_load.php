<?php

// Reads its environment while loading, as functions that configure clients at load time do.
$greetingAtLoad = getenv('GREETING') ?: 'unset';

function handler($event, $context)
{
    global $greetingAtLoad;
    return ['greeting' => $greetingAtLoad, 'cwd' => getcwd(), 'context' => $context,
        'funcName' => getenv('FUNC_NAME')];
}
